import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELIED_KEY_MAP_ENTRIES, RELIED_REQUEST_KEYS, SERVCMD } from '../tencent-chat/sdk-gateway/servcmds.js';

// The gateway speaks an undocumented protocol observed in one SDK version. This test reads the INSTALLED SDK and fails
// when an upgrade renames a command or a reply key the gateway relies on (then re-check the gateway against it).

const require = createRequire(import.meta.url);
const sdkDir = path.dirname(require.resolve('@tencentcloud/chat/package.json'));
const sdkVersion = (JSON.parse(readFileSync(path.join(sdkDir, 'package.json'), 'utf8')) as { version: string }).version;
const sdkCode = ['index.es.js', 'modules/group-module.js']
    .map((f) => readFileSync(path.join(sdkDir, f), 'utf8'))
    .join('\n');
const rootPackage = JSON.parse(readFileSync(path.resolve(sdkDir, '../../../package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
    overrides: Record<string, Record<string, string> | string>;
};

describe('the pinned Tencent Chat Web SDK still speaks what the gateway answers', () => {
    it('is the pinned version, exactly', () => {
        expect(rootPackage.devDependencies['@tencentcloud/chat']).toBe('3.6.6');
        expect(
            (rootPackage.overrides['@tencentcloud/chat-uikit-engine'] as Record<string, string>)['@tencentcloud/chat'],
        ).toBe('3.6.6');
        expect(sdkVersion).toBe('3.6.6');
    });

    it.each(Object.entries(SERVCMD))('names the service and command of %s (%s)', (_name, servcmd) => {
        const [service, command] = servcmd.split('.') as [string, string];
        // The SDK builds servcmds as NAME.<SERVICE> + "." + <COMMAND> from two string tables.
        expect(sdkCode).toContain(`:"${service}"`);
        expect(sdkCode).toContain(`:"${command}"`);
    });

    it.each(RELIED_KEY_MAP_ENTRIES)('maps the reply key %s', (entry) => {
        expect(sdkCode).toContain(entry);
    });

    it.each(RELIED_REQUEST_KEYS)('builds the request key %s', (entry) => {
        expect(sdkCode).toContain(entry);
    });

    it('connects to <proxyServer>/binfo or /info and honours the proxy options', () => {
        expect(sdkCode).toContain('"/binfo?"');
        expect(sdkCode).toContain('"/info?"');
        for (const option of [
            'proxyServer:e.proxyServer',
            'fileUploadProxy:e.fileUploadProxy',
            'fileDownloadProxy:e.fileDownloadProxy',
        ])
            expect(sdkCode).toContain(option);
    });
});
