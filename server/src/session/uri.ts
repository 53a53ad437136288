// File URIs to paths and back, in one place; only `file:` URIs name files the compiler can see.
import { fileURLToPath, pathToFileURL } from 'node:url';

export const URI = {
  toFile(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  fromFile(file: string): string {
    return pathToFileURL(file).href;
  },
};
