import { describe, expect, it } from '@jest/globals';
import { readingAhead } from '../src/reading/concurrency.js';

async function* pages(events: string[], count: number, failAt?: number): AsyncGenerator<number> {
  try {
    for (let page = 1; page <= count; page++) {
      events.push(`request ${page}`);
      await Promise.resolve();
      if (page === failAt) throw new Error(`page ${page} failed`);
      yield page;
    }
  } finally {
    events.push('source closed');
  }
}

describe('readingAhead', () => {
  it('asks for the next page as soon as it hands one out, and yields every page in order', async () => {
    const events: string[] = [];
    for await (const page of readingAhead(pages(events, 3))) events.push(`use ${page}`);
    expect(events).toEqual(['request 1', 'request 2', 'use 1', 'request 3', 'use 2', 'source closed', 'use 3']);
  });

  it('passes on the failure of a page when the consumer gets to it', async () => {
    const events: string[] = [];
    const consume = async () => {
      for await (const page of readingAhead(pages(events, 3, 2))) events.push(`use ${page}`);
    };
    await expect(consume()).rejects.toThrow('page 2 failed');
    expect(events).toContain('use 1');
  });

  it('closes the source when the consumer stops early', async () => {
    const events: string[] = [];
    for await (const page of readingAhead(pages(events, 5))) {
      events.push(`use ${page}`);
      break;
    }
    expect(events).toEqual(['request 1', 'request 2', 'use 1', 'source closed']);
  });

  it('lets the consumer stop early even when the page read ahead has failed', async () => {
    const events: string[] = [];
    for await (const page of readingAhead(pages(events, 5, 2))) {
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`use ${page}`);
      break;
    }
    expect(events).toEqual(['request 1', 'request 2', 'source closed', 'use 1']);
  });
});
