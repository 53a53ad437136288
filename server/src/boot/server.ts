// `go-escape-lsp`: starts the language server bundle through V8's code cache.
import * as path from 'node:path';
import { userCacheDir } from '../core/util/cacheDir';
import { runBundle } from './codeCache';

runBundle(path.join(__dirname, 'server-main.js'), userCacheDir('v8'));
