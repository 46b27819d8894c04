import { describe, expect, it } from 'vitest';
import { STREAM_DEFINITIONS } from '../domain/streams';
import { manifestHooks, streamsWithoutHooks } from './streams';

describe('the server side of the stream registry', () => {
  it('has manifest hooks for every stream of the registry, and a load hook exactly where a load does not come from store batches', () => {
    expect(streamsWithoutHooks()).toEqual([]);
    for (const d of STREAM_DEFINITIONS) expect(!!manifestHooks(d.key).load, d.key).toBe(d.loadSource !== 'batches');
  });
});
