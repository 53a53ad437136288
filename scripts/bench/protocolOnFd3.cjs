// Loaded with `node --require` before the server: moves the server's protocol output from
// stdout to fd 3, so that what V8 prints on stdout (--trace-gc and such) stays apart from it.
const net = require('node:net');
const out = new net.Socket({ fd: 3, readable: false, writable: true });
Object.defineProperty(process, 'stdout', { configurable: true, get: () => out });
