// Entry of the separate vendor bundle `tencent-sdk.js` (IIFE, global `TimTencentSdk`).
// `@tencentcloud/chat` has no `exports` map: import the ESM build explicitly; rollup also aliases the
// engine's own `import "@tencentcloud/chat"` to it so only one copy of the SDK is bundled.
import TencentCloudChat from '@tencentcloud/chat/index.es.js';
// The ESM build ships group support as a separate module; without it there is no group list, group profile or
// group tip handling. TencentChatClient registers it with create({ modules: { 'group-module': GroupModule } }).
import GroupModule from '@tencentcloud/chat/modules/group-module.js';
import TUIChatEngine from '@tencentcloud/chat-uikit-engine';

export { TencentCloudChat, TUIChatEngine, GroupModule };
