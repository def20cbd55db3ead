/**
 * Every `servcmd` the gateway answers or pushes, as the pinned Web SDK (@tencentcloud/chat 3.6.6) spells it.
 * scripts/fakes/test/sdk-contract.test.ts fails when the installed SDK no longer contains one of them.
 */
export const SERVCMD = {
    LOGIN: 'im_open_status.wslogin',
    LOGOUT: 'im_open_status.wslogout',
    HELLO: 'im_open_status.wshello',
    FORCE_OFFLINE: 'im_open_status.stat_forceoffline',
    HEARTBEAT: 'heartbeat.alive',
    SYNC: 'openim.getmsg',
    PUSH_ACK: 'openim.ws_msg_push_ack',
    CONVERSATIONS: 'recentcontact.page_get',
    CONVERSATION_GROUPS: 'recentcontact.get_contact_group',
    JOINED_GROUPS: 'group_open_http_svc.get_joined_group_list',
    COMMUNITY_JOINED_GROUPS: 'million_group_open_http_svc.get_joined_group_list',
    GROUP_PROFILE: 'group_open_http_svc.get_group_self_member_info',
    GROUP_MEMBERS: 'group_open_http_svc.get_group_member_info',
    GROUP_MEMBER_PROFILE: 'group_open_http_svc.get_specified_group_member_info',
    SEND_GROUP_MESSAGE: 'group_open_http_svc.send_group_msg',
    GROUP_HISTORY: 'group_open_http_svc.group_msg_get',
    READ_REPORT: 'group_open_http_svc.msg_read_report',
    READ_RECEIPT_REPORT: 'group_open_http_svc.group_msg_receipt',
    READ_RECEIPT_COUNTS: 'group_open_http_svc.get_group_msg_receipt',
    GROUP_NOTIFY: 'group_open_http_svc.batch_get_group_notify',
    PROFILES: 'profile.portrait_get_all',
    BLOCKLIST: 'sns.black_list_get',
    CLOUD_CONFIG: 'im_sdk_config_mgr.fetch_config',
    PURCHASE_BITS: 'im_sdk_config_mgr.fetch_imsdk_purchase_bitsv2',
    UPLOAD_SIGNATURE: 'im_cos_msg.simple_sig',
    TELEMETRY: 'imopenstat.tim_web_report_v2',
    PUSH: 'im_open_push.msg_push',
} as const;

/** Reply/push keys the gateway relies on the SDK's key maps translating (checked by the same contract test). */
export const RELIED_KEY_MAP_ENTRIES = [
    'RspMsgList:"messageList"',
    'IsFinished:"complete"',
    'NextReqMsgSeq:"nextSequence"',
    'GroupMsgArray:"groupMessageArray"',
    'GroupTips:"groupTips"',
    'C2cNotifyMsgArray:"C2CNotifyMessageArray"',
    'KickoutMsgNotify:"kickoutMsgNotify"',
    'SessionItem:"conversations"',
    'ToAccount:"groupID"',
    'UnreadMsgCount:"unreadCount"',
    'GroupNextMsgSeq:"nextMessageSeq"',
    'GroupIdList:"groups"',
    'GroupInfo:"groups"',
    'MemberList:"members"',
    'ShutUpAllMember:"muteAllMembers"',
    'ShutupAll:"muteAllMembers"',
    'MsgGroupNewInfo:"newGroupProfile"',
    'GroupInfo:"groupProfile"',
    'ToGroupId:"to"',
    'MsgBody:"elements"',
    'OpType:"operationType"',
    'List_Account:"userIDList"',
    'HelloInterval:"helloInterval"',
    'InstId:"instanceID"',
    'str_upload_url:"uploadUrl"',
    'str_download_url:"downloadUrl"',
    'rpt_pre_sig:"preSig"',
    'GroupMsgReceiptList:"readReceiptList"',
    'ReadNum:"readCount"',
    'UnreadNum:"unreadCount"',
    'MsgClientTime:"clientTime"',
    'TinyId:"tinyID"',
    'MsgRandom:"random"',
] as const;

/**
 * Request keys the gateway reads that the SDK builds from its own option names (checked by the same contract test):
 * `needReadReceipt` → NeedReadReceipt, `clientTime` → MsgClientTime, `sequenceList` → MsgSeqList; `onlineOnlyFlag`
 * has no entry and goes out capitalised (OnlineOnlyFlag), so the test looks for the flag in the send-message body.
 */
export const RELIED_REQUEST_KEYS = [
    'needReadReceipt:"NeedReadReceipt"',
    'clientTime:"MsgClientTime"',
    'sequenceList:"MsgSeqList"',
    'onlineOnlyFlag:0',
] as const;
