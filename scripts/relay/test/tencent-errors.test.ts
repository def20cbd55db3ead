import { describe, expect, it } from 'vitest';
import { classifyMemberResult, classifyTencentError } from '../src/tencent/tencent-errors.js';

describe('Tencent error classification', () => {
    it('treats documented transient codes as retryable and 70001 as sig renewal', () => {
        for (const code of [10002, 60007, 60008, 60011, 60018, 60019, 70169, 70202, 70500, 10023]) {
            expect(classifyTencentError('group_open_http_svc/add_group_member', code)).toBe('retryable');
        }
        expect(classifyTencentError('group_open_http_svc/create_group', 70001)).toBe('renew-sig');
    });

    it('knows the per-command already-done and not-found cases', () => {
        expect(classifyTencentError('group_open_http_svc/create_group', 10025)).toBe('verify-ownership');
        expect(classifyTencentError('group_open_http_svc/destroy_group', 10010)).toBe('already-done');
        expect(classifyTencentError('group_open_http_svc/get_group_member_info', 10010)).toBe('not-found');
        expect(classifyTencentError('group_open_http_svc/create_group', 10010)).toBe('permanent');
    });

    it('asks for an import on 10019 / 70107', () => {
        expect(classifyTencentError('group_open_http_svc/create_group', 10019)).toBe('needs-import');
        expect(classifyTencentError('group_open_http_svc/add_group_member', 70107)).toBe('needs-import');
    });

    it('treats the documented permanent codes and unknown ones as permanent', () => {
        for (const code of [10004, 10007, 10014, 10015, 10017, 10037, 10038, 80001, 80002, 12345]) {
            expect(classifyTencentError('group_open_http_svc/send_group_msg', code)).toBe(
                code === 10015 ? 'not-found' : 'permanent',
            );
        }
        expect(classifyTencentError('group_open_http_svc/create_group', 0)).toBe('ok');
    });

    it('classifies per-member add results', () => {
        expect(classifyMemberResult(0)).toBe('failed');
        expect(classifyMemberResult(1)).toBe('added');
        expect(classifyMemberResult(2)).toBe('already-member');
        expect(classifyMemberResult(3)).toBe('pending');
    });
});
