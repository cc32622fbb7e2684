/**
 * socket.io across API processes: with Redis, a room's messages reach the sockets of every
 * process (a terminal attached through one process sees the shell of a session another holds),
 * and processes can ask each other (serverSideEmit).
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';

export interface RedisAdapter {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

export async function connectRedisAdapter(url: string): Promise<RedisAdapter> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  // without a listener an unreachable Redis would throw from the client's event emitter
  for (const client of [pub, sub]) client.on('error', () => {});
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    adapter: createAdapter(pub, sub),
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
