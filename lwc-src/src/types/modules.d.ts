declare module 'tim/*' {
    import type { LightningElement } from 'lwc';
    const Component: typeof LightningElement;
    export default Component;
}
