import net from 'node:net';
import type { Redis } from 'ioredis';
import { RedisThrottlerStorage } from './auth-throttling';

describe('RedisThrottlerStorage', () => {
  it('a Redis that accepts the connection but never answers counts as away: the request is let through', async () => {
    // A server that reads and never replies (a hung Redis): the counter must not hold the
    // request (and a submission's open transaction) for ever.
    const sockets: net.Socket[] = [];
    let evals = 0;
    const server = net.createServer((s) => {
      sockets.push(s);
      s.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        // The client's ready check gets an (empty) INFO answer, so that it sends the counter script.
        if (/INFO/i.test(text)) s.write('$0\r\n\r\n');
        if (/EVAL/i.test(text)) evals += 1;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const storage = new RedisThrottlerStorage(`redis://127.0.0.1:${port}`, 'test');
    try {
      const redis = (storage as unknown as { redis: Redis }).redis;
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
      const record = await storage.increment('user:x', 60_000, 10, 60_000, 'api');
      expect(record).toEqual({ totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 });
      expect(evals).toBeGreaterThan(0); // it was asked, and did not answer
    } finally {
      storage.onApplicationShutdown();
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
