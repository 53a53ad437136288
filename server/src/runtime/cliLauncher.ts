// `go-escape`: starts the CLI bundle through V8's code cache.
import * as path from 'node:path';
import { userCacheDir } from '../core/util/cacheDir';
import { runBundle } from './codeCache';

runBundle(path.join(__dirname, 'cli-main.js'), userCacheDir('v8'));
