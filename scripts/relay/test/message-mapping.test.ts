import { describe, expect, it } from 'vitest';
import { mapElement, mapMessage } from '../src/tencent/message-mapping.js';

describe('Tencent message mapping', () => {
    it('maps each element type to the contract shape', () => {
        expect(mapElement({ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } })).toEqual({
            type: 'text',
            text: 'hi',
        });
        expect(
            mapElement({
                MsgType: 'TIMImageElem',
                MsgContent: {
                    ImageInfoArray: [
                        { Type: 3, URL: 'https://x/thumb', Width: 10, Height: 10 },
                        { Type: 1, URL: 'https://x/orig', Width: 800, Height: 600 },
                    ],
                },
            }),
        ).toEqual({ type: 'image', url: 'https://x/orig', width: 800, height: 600 });
        expect(
            mapElement({
                MsgType: 'TIMFileElem',
                MsgContent: { Url: 'https://x/a.pdf', FileName: 'a.pdf', FileSize: 1234 },
            }),
        ).toEqual({ type: 'file', url: 'https://x/a.pdf', name: 'a.pdf', size: 1234 });
        expect(mapElement({ MsgType: 'TIMSoundElem', MsgContent: { Url: 'https://x/v', Size: 5 } })).toMatchObject({
            type: 'file',
            url: 'https://x/v',
            size: 5,
        });
        expect(
            mapElement({ MsgType: 'TIMVideoFileElem', MsgContent: { VideoUrl: 'https://x/m', VideoSize: 9 } }),
        ).toMatchObject({ type: 'file', url: 'https://x/m', size: 9 });
        expect(mapElement({ MsgType: 'TIMCustomElem', MsgContent: { Data: '{"k":1}' } })).toEqual({
            type: 'custom',
            data: '{"k":1}',
        });
        const face = mapElement({ MsgType: 'TIMFaceElem', MsgContent: { Index: 1, Data: 'smile' } });
        expect(face.type).toBe('custom');
        expect(JSON.parse((face as { data: string }).data)).toEqual({
            msgType: 'TIMFaceElem',
            content: { Index: 1, Data: 'smile' },
        });
        expect(mapElement({ MsgType: 'TIMImageElem' })).toEqual({ type: 'image', url: '', width: 0, height: 0 });
    });

    it('maps a message and drops deleted placeholders', () => {
        expect(
            mapMessage({
                MsgSeq: 7,
                MsgRandom: 99,
                From_Account: 'u',
                MsgTimeStamp: 1_700_000_000,
                MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'a' } }],
            }),
        ).toEqual({
            seq: 7,
            random: 99,
            from: 'u',
            time: 1_700_000_000_000,
            elements: [{ type: 'text', text: 'a' }],
        });
        expect(mapMessage({ MsgSeq: 8, IsPlaceMsg: 1 })).toBeNull();
    });
});
