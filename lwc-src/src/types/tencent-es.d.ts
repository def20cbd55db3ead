declare module '@tencentcloud/chat/index.es.js' {
    import TencentCloudChat from '@tencentcloud/chat';
    export default TencentCloudChat;
}
