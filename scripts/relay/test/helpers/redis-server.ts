/** Starts a throwaway `redis-server` (Debian package redis-server) on a free loopback port, without persistence. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RedisServer {
    url: string;
    port: number;
    stop(): Promise<void>;
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const address = srv.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            srv.close(() => resolve(port));
        });
    });
}

/** Throws a clear error (never skips) when redis-server is not installed. */
export function redisServerBinary(): string {
    const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
    const path = found.stdout.trim();
    if (found.status !== 0 || path === '') {
        throw new Error(
            'redis-server is not installed, and the shared rate-limit tests need a real one. ' +
                'Install it with `apt-get install -y redis-server` (Debian package redis-server; CI must install it too).',
        );
    }
    return path;
}

export async function startRedisServer(): Promise<RedisServer> {
    const binary = redisServerBinary();
    const port = await freePort();
    const child: ChildProcess = spawn(
        binary,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
        {
            stdio: ['ignore', 'pipe', 'pipe'],
        },
    );
    let out = '';
    await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
        const onData = (chunk: Buffer) => {
            out += chunk.toString('utf8');
            if (/Ready to accept connections/i.test(out)) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`redis-server exited with ${code}:\n${out}`));
        });
    });
    return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () =>
            new Promise<void>((resolve) => {
                if (child.exitCode !== null) return resolve();
                child.once('exit', () => resolve());
                child.kill('SIGTERM');
            }),
    };
}

export { freePort };
