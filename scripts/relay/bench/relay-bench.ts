/**
 * npm run bench:relay — relay overhead on loopback.
 *
 * For /joingroup and /v1/groups/sync, measures throughput and p50/p99 latency through the relay, and of the
 * same Tencent calls made directly to the fake (joingroup = add_group_member; sync of an up-to-date group =
 * get_group_info + get_group_member_info). Overhead = relay − direct. Load generator, relay and fakes run in
 * separate processes; the client is node:http with a keep-alive agent (closed loop, fixed concurrency), which
 * costs far less per request than the servers under test, so no load-testing dependency is needed.
 *
 * The machine's load average is printed next to the table: on a busy machine (few CPUs shared by the load
 * generator, the relay, the fakes and anything else) every number is inflated, the relay path most (it needs three
 * busy processes per request, the direct path two). Target: the relay adds < 2 ms at p99 (c=1). Exit code is
 * non-zero on a miss only with BENCH_STRICT=1 (CI does not run the bench).
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH } from './bench-constants.js';
import { genUserSig } from '../src/tencent/usersig.js';
import { idChecksum } from '../../fakes/salesforce/ids.js';

const DURATION_MS = Number(process.env['BENCH_DURATION_MS'] ?? 5000);
const WARMUP_MS = 800;
const GROUPS = 20;

function startChild(args: string[]): Promise<{ child: ChildProcess; info: Record<string, string> }> {
    const child = fork(fileURLToPath(new URL('./servers.ts', import.meta.url)), args, {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
        child.once('message', (info) => resolve({ child, info: info as Record<string, string> }));
        child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
}

interface Target {
    url: URL;
    agent: http.Agent;
}

function post(
    t: Target,
    path: string,
    body: string,
    headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request(
            {
                host: t.url.hostname,
                port: t.url.port,
                path,
                method: 'POST',
                agent: t.agent,
                headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c));
                res.on('end', () =>
                    resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
                );
                res.on('error', reject);
            },
        );
        req.on('error', reject);
        req.end(body);
    });
}

function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) return NaN;
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Result {
    rps: number;
    p50: number;
    p99: number;
    n: number;
    errors: number;
}

/** Requests started from `measureFrom` on are measured, until `end` (after the warm-up). */
function measurementWindow(): { measureFrom: number; end: number } {
    const measureFrom = performance.now() + WARMUP_MS;
    return { measureFrom, end: measureFrom + DURATION_MS };
}

function summarize(latencies: number[], errors: number): Result {
    latencies.sort((x, y) => x - y);
    return {
        rps: latencies.length / (DURATION_MS / 1000),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        n: latencies.length,
        errors,
    };
}

/** One worker alternating the two operations; latencies recorded per path. */
async function interleaved(
    a: (i: number) => Promise<boolean>,
    b: (i: number) => Promise<boolean>,
): Promise<{ relay: Result; direct: Result }> {
    const la: number[] = [];
    const lb: number[] = [];
    let ea = 0;
    let eb = 0;
    const { measureFrom, end } = measurementWindow();
    for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        const okA = await a(i);
        const t1 = performance.now();
        const okB = await b(i);
        const t2 = performance.now();
        if (t0 >= measureFrom) {
            la.push(t1 - t0);
            lb.push(t2 - t1);
            if (!okA) ea++;
            if (!okB) eb++;
        }
    }
    return { relay: summarize(la, ea), direct: summarize(lb, eb) };
}

/** Closed loop: `concurrency` workers each send the next request as soon as the previous one returns. */
async function load(concurrency: number, op: (i: number) => Promise<boolean>): Promise<Result> {
    const latencies: number[] = [];
    let errors = 0;
    let i = 0;
    const { measureFrom, end } = measurementWindow();
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (performance.now() < end) {
                const t0 = performance.now();
                const ok = await op(i++);
                const t1 = performance.now();
                if (t0 >= measureFrom) {
                    latencies.push(t1 - t0);
                    if (!ok) errors++;
                }
            }
        }),
    );
    return summarize(latencies, errors);
}

function fakeUserId(n: number): string {
    const id15 = `005BENCH${String(n).padStart(7, '0')}`;
    return id15 + idChecksum(id15);
}

async function main(): Promise<void> {
    const fakes = await startChild(['fakes']);
    const relay = await startChild(['relay', fakes.info['tencentUrl'] ?? '', fakes.info['salesforceUrl'] ?? '']);
    const children = [relay.child, fakes.child];
    try {
        const mk = (u: string): Target => ({
            url: new URL(u),
            agent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
        });
        const relayT = mk(relay.info['relayUrl'] ?? '');
        const tencentT = mk(fakes.info['tencentUrl'] ?? '');
        const auth = { authorization: `Bearer ${BENCH.apiKey}` };
        const adminSig = genUserSig({
            sdkAppId: BENCH.sdkAppId,
            secretKey: BENCH.secretKey,
            identifier: BENCH.admin,
            expireSeconds: 3600,
        }).userSig;
        const tencentPath = (command: string) =>
            `/v4/${command}?sdkappid=${BENCH.sdkAppId}&identifier=${BENCH.admin}&usersig=${adminSig}&random=${Math.floor(Math.random() * 0xffffffff)}&contenttype=json`;

        // Setup: tickets (Case + group each), agents imported and already members (steady state).
        const groups: { groupId: string; customerId: string; agent: string }[] = [];
        for (let g = 0; g < GROUPS; g++) {
            const res = await post(
                relayT,
                '/v1/tickets',
                JSON.stringify({ name: `Bench ${g}`, email: `bench${g}@example.com`, subject: 'bench' }),
            );
            if (res.status !== 201) throw new Error(`setup ticket failed: ${res.status} ${res.body}`);
            const t = JSON.parse(res.body) as { groupId: string; customerId: string };
            const agent = fakeUserId(g);
            await post(relayT, '/v1/agents/session', JSON.stringify({ userId: agent }), auth);
            groups.push({ ...t, agent });
        }
        const syncBody = (g: (typeof groups)[number]) =>
            JSON.stringify({
                groups: [
                    { groupId: g.groupId, customerId: g.customerId, agents: [{ userId: g.agent }], state: 'open' },
                ],
            });
        for (const g of groups) await post(relayT, '/v1/groups/sync', syncBody(g), auth);

        const pick = (i: number) => groups[i % groups.length] as (typeof groups)[number];
        const scenarios: {
            name: string;
            relay: (i: number) => Promise<boolean>;
            direct: (i: number) => Promise<boolean>;
        }[] = [
            {
                name: '/joingroup',
                relay: async (i) =>
                    (
                        await post(
                            relayT,
                            '/joingroup',
                            JSON.stringify({ groupId: pick(i).groupId, userId: pick(i).agent }),
                            auth,
                        )
                    ).status === 200,
                direct: async (i) => {
                    const g = pick(i);
                    const r = await post(
                        tencentT,
                        tencentPath('group_open_http_svc/add_group_member'),
                        JSON.stringify({ GroupId: g.groupId, Silence: 0, MemberList: [{ Member_Account: g.agent }] }),
                    );
                    return r.status === 200 && r.body.includes('"ErrorCode":0');
                },
            },
            {
                name: '/v1/groups/sync (1 group, no change)',
                relay: async (i) => {
                    const r = await post(relayT, '/v1/groups/sync', syncBody(pick(i)), auth);
                    return r.status === 200 && r.body.includes('"failed":0');
                },
                direct: async (i) => {
                    const g = pick(i);
                    const a = await post(
                        tencentT,
                        tencentPath('group_open_http_svc/get_group_info'),
                        JSON.stringify({ GroupIdList: [g.groupId] }),
                    );
                    const b = await post(
                        tencentT,
                        tencentPath('group_open_http_svc/get_group_member_info'),
                        JSON.stringify({ GroupId: g.groupId, MemberInfoFilter: ['Role'] }),
                    );
                    return a.status === 200 && b.status === 200;
                },
            },
        ];

        const loadBefore = os.loadavg();
        const f = (n: number) => n.toFixed(2);
        const rows: string[][] = [];
        const verdicts: boolean[] = [];
        for (const s of scenarios) {
            // Latency: one closed loop alternating relay / direct, so background noise hits both paths alike.
            const pair = await interleaved(s.relay, s.direct);
            // Throughput: each path alone at concurrency 8.
            const relayThr = await load(8, s.relay);
            const directThr = await load(8, s.direct);
            const overheadP99 = pair.relay.p99 - pair.direct.p99;
            verdicts.push(overheadP99 < 2);
            rows.push([
                s.name,
                `${Math.round(relayThr.rps)}`,
                `${Math.round(directThr.rps)}`,
                `${f(pair.relay.p50)} / ${f(pair.relay.p99)}`,
                `${f(pair.direct.p50)} / ${f(pair.direct.p99)}`,
                `${f(pair.relay.p50 - pair.direct.p50)} / ${f(overheadP99)}`,
                `${relayThr.errors + directThr.errors + pair.relay.errors + pair.direct.errors}`,
            ]);
        }
        const header = [
            'scenario',
            'relay req/s (c=8)',
            'direct req/s (c=8)',
            'relay p50/p99 ms (c=1)',
            'direct p50/p99 ms (c=1)',
            'overhead p50/p99 ms',
            'errors',
        ];
        const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
        const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
        const loadAfter = os.loadavg();
        const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
        const met = verdicts.every(Boolean);
        console.log(
            `\nRelay overhead on loopback (relay, fakes and load generator in separate processes; ${DURATION_MS} ms per measurement after ${WARMUP_MS} ms warm-up)`,
        );
        console.log(
            `Machine: ${os.cpus().length} CPUs; load average (1/5/15 min) before: ${la(loadBefore)}, after: ${la(loadAfter)}${loadBefore[0]! > os.cpus().length * 0.5 ? '  <-- busy machine: numbers are noisy' : ''}\n`,
        );
        console.log(line(header));
        console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
        for (const r of rows) console.log(line(r));
        console.log(
            `\nTarget: relay adds < 2 ms at p99 (c=1): ${met ? 'MET' : 'NOT MET'}${met ? '' : process.env['BENCH_STRICT'] === '1' ? ' (BENCH_STRICT=1: failing)' : ' (set BENCH_STRICT=1 to fail on a miss)'}`,
        );
        if (!met && process.env['BENCH_STRICT'] === '1') process.exitCode = 1;
    } finally {
        for (const c of children) c.kill('SIGTERM');
    }
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
