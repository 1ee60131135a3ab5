import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileUris } from './file-uris.ts';

describe('fileUris', () => {
  const keys = [
    'a.csv',
    'd00/f00001.csv',
    'deep/er/still/x.tar.gz',
    '.hidden',
    'd/.hidden.csv',
    'with space.csv',
    'per%cent.csv',
    'hash#.csv',
    'q?.csv',
    'ünïcode/é.csv',
    'back\\slash.csv',
    'a/./b.csv',
    'a/../b.csv',
    '..',
    'x//y.csv',
    'tab\tnew\nline.csv',
    'semi;colon,comma=eq+plus&amp.csv',
    'quote\'"<>`{}|^.csv',
    'tilde~/~x.csv',
    '-dash_under.csv',
  ];
  for (const folder of ['/data/landing', '/', '/odd dir/%25/#x', '/data/ünï']) {
    it(`makes exactly pathToFileURL's URL under ${folder}`, () => {
      const uri = fileUris(folder);
      for (const key of keys) expect(uri(key), key).toBe(pathToFileURL(`${folder}/${key}`).href);
    });
  }
});
