import { KEY_PREFIX } from './ids.js';
// The package's engagement log picklist (force-app/main/default/objects/Tim_Engagement__c), as the relay writes it.
import { EVENT_TYPES } from '../../relay/src/rules/engagement.js';

/** Field types the fake models (Salesforce describe names). */
export type FieldType =
    | 'id'
    | 'string'
    | 'textarea'
    | 'email'
    | 'phone'
    | 'url'
    | 'picklist'
    | 'multipicklist'
    | 'boolean'
    | 'datetime'
    | 'date'
    | 'reference'
    | 'base64'
    | 'int'
    | 'double';

export interface FieldDef {
    name: string;
    type: FieldType;
    /** max characters for text types */
    length?: number;
    /** must be non-null on create (and cannot be set to null) */
    required?: boolean;
    createable: boolean;
    updateable: boolean;
    externalId?: boolean;
    unique?: boolean;
    caseSensitive?: boolean;
    /** restricted picklist values */
    picklistValues?: readonly string[];
    defaultValue?: unknown;
    referenceTo?: readonly string[];
    relationshipName?: string;
    /** long text areas cannot be filtered or sorted */
    filterable: boolean;
}

export interface ObjectDef {
    name: string;
    keyPrefix: string;
    label: string;
    createable: boolean;
    updateable: boolean;
    deletable: boolean;
    fields: FieldDef[];
}

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'type'>>;

function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDef {
    return { name, type, createable: true, updateable: true, filterable: true, ...options };
}
const readOnly: FieldOptions = { createable: false, updateable: false };
const text = (name: string, length: number, options: FieldOptions = {}): FieldDef =>
    field(name, 'string', { length, ...options });
const longText = (name: string, length: number): FieldDef =>
    field(name, 'textarea', { length, filterable: length <= 255 });
const email = (name: string, length = 80, options: FieldOptions = {}): FieldDef =>
    field(name, 'email', { length, ...options });
const reference = (
    name: string,
    referenceTo: string[],
    relationshipName: string,
    options: FieldOptions = {},
): FieldDef => field(name, 'reference', { referenceTo, relationshipName, ...options });
const picklist = (name: string, values: string[], options: FieldOptions = {}): FieldDef =>
    field(name, 'picklist', { picklistValues: values, length: 255, ...options });

function systemFields(): FieldDef[] {
    return [
        field('Id', 'id', { ...readOnly, length: 18 }),
        field('IsDeleted', 'boolean', readOnly),
        field('CreatedDate', 'datetime', readOnly),
        reference('CreatedById', ['User'], 'CreatedBy', readOnly),
        field('LastModifiedDate', 'datetime', readOnly),
        reference('LastModifiedById', ['User'], 'LastModifiedBy', readOnly),
        field('SystemModstamp', 'datetime', readOnly),
    ];
}

/** Objects a record can be linked to / published on. */
const LINKABLE = ['Case', 'Contact', 'User'];

const CASE: ObjectDef = {
    name: 'Case',
    keyPrefix: KEY_PREFIX.Case,
    label: 'Case',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
        ...systemFields(),
        text('CaseNumber', 30, readOnly),
        reference('ContactId', ['Contact'], 'Contact'),
        text('SuppliedName', 80),
        email('SuppliedEmail', 80),
        field('SuppliedPhone', 'phone', { length: 40 }),
        text('SuppliedCompany', 80),
        picklist('Type', ['Problem', 'Feature Request', 'Question']),
        picklist('Status', ['New', 'Working', 'Escalated', 'Closed'], { defaultValue: 'New' }),
        picklist('Reason', [
            "User didn't attend training",
            'Complex functionality',
            'Existing problem',
            'Instructions not clear',
            'New problem',
        ]),
        picklist('Origin', ['Phone', 'Email', 'Web', 'Chat']),
        text('Subject', 255),
        picklist('Priority', ['High', 'Medium', 'Low'], { defaultValue: 'Medium' }),
        longText('Description', 32000),
        field('IsClosed', 'boolean', readOnly),
        field('ClosedDate', 'datetime', readOnly),
        field('IsEscalated', 'boolean', { defaultValue: false }),
        reference('OwnerId', ['User', 'Group'], 'Owner'),
        text('Chat_Group_Id__c', 48, { externalId: true, unique: true, caseSensitive: true }),
        text('Chat_Customer_Id__c', 32),
        text('Chat_Idempotency_Key__c', 64, { externalId: true, unique: true, caseSensitive: true }),
        text('Chat_Request_Fingerprint__c', 64),
        field('Chat_Transcript_Archived_At__c', 'datetime'),
        field('Chat_First_Customer_Message_At__c', 'datetime'),
        field('Chat_First_Response_At__c', 'datetime'),
        field('Chat_Last_Customer_Message_At__c', 'datetime'),
        field('Chat_Last_Agent_Message_At__c', 'datetime'),
        field('Chat_Customer_Message_Count__c', 'double'),
        field('Chat_Agent_Message_Count__c', 'double'),
        field('Chat_CSAT_Score__c', 'double'),
        longText('Chat_CSAT_Comment__c', 1000),
    ],
};

const TIM_ENGAGEMENT: ObjectDef = {
    name: 'Tim_Engagement__c',
    keyPrefix: KEY_PREFIX.Tim_Engagement__c,
    label: 'Tim Engagement',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
        ...systemFields(),
        text('Name', 80, readOnly),
        reference('Case__c', ['Case'], 'Case__r', { required: true, updateable: false }),
        text('External_Id__c', 120, { externalId: true, unique: true, caseSensitive: true }),
        picklist('Event_Type__c', [...EVENT_TYPES]),
        field('Occurred_At__c', 'datetime'),
        reference('User__c', ['User'], 'User__r'),
        text('Actor_Name__c', 121),
        text('Previous_State__c', 40),
        field('Seconds_In_Previous_State__c', 'double'),
        longText('Details__c', 2000),
    ],
};

const CONTACT: ObjectDef = {
    name: 'Contact',
    keyPrefix: KEY_PREFIX.Contact,
    label: 'Contact',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
        ...systemFields(),
        text('FirstName', 40),
        text('LastName', 80, { required: true }),
        text('Name', 121, readOnly),
        email('Email', 80),
        field('Phone', 'phone', { length: 40 }),
        field('MobilePhone', 'phone', { length: 40 }),
        field('HomePhone', 'phone', { length: 40 }),
        field('OtherPhone', 'phone', { length: 40 }),
        text('Title', 128),
        longText('Description', 32000),
        reference('OwnerId', ['User'], 'Owner'),
    ],
};

const USER: ObjectDef = {
    name: 'User',
    keyPrefix: KEY_PREFIX.User,
    label: 'User',
    createable: true,
    updateable: true,
    deletable: false,
    fields: [
        ...systemFields(),
        text('Username', 80, { required: true, unique: true }),
        text('FirstName', 40),
        text('LastName', 80, { required: true }),
        text('Name', 121, readOnly),
        email('Email', 128),
        text('Alias', 8),
        text('Title', 80),
        field('IsActive', 'boolean', { defaultValue: true }),
    ],
};

const GROUP: ObjectDef = {
    name: 'Group',
    keyPrefix: KEY_PREFIX.Group,
    label: 'Group',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
        ...systemFields(),
        text('Name', 40, { required: true }),
        text('DeveloperName', 80),
        picklist('Type', ['Queue', 'Regular'], { defaultValue: 'Regular' }),
        email('Email', 255),
    ],
};

const CONTENT_VERSION: ObjectDef = {
    name: 'ContentVersion',
    keyPrefix: KEY_PREFIX.ContentVersion,
    label: 'Content Version',
    createable: true,
    updateable: true,
    deletable: false,
    fields: [
        ...systemFields(),
        text('Title', 255),
        text('PathOnClient', 500, { required: true, updateable: false }),
        field('VersionData', 'base64', { required: true, updateable: false, filterable: false }),
        reference('ContentDocumentId', ['ContentDocument'], 'ContentDocument', { updateable: false }),
        reference('FirstPublishLocationId', LINKABLE, 'FirstPublishLocation', { updateable: false }),
        longText('Description', 1000),
        field('ContentSize', 'int', readOnly),
        text('FileExtension', 40, readOnly),
        text('FileType', 20, readOnly),
        field('IsLatest', 'boolean', readOnly),
        text('VersionNumber', 20, readOnly),
        picklist('ContentLocation', ['S', 'E', 'L'], { defaultValue: 'S', updateable: false }),
        reference('OwnerId', ['User'], 'Owner'),
    ],
};

const CONTENT_DOCUMENT: ObjectDef = {
    name: 'ContentDocument',
    keyPrefix: KEY_PREFIX.ContentDocument,
    label: 'Content Document',
    createable: false,
    updateable: true,
    deletable: true,
    fields: [
        ...systemFields(),
        text('Title', 255),
        reference('LatestPublishedVersionId', ['ContentVersion'], 'LatestPublishedVersion', readOnly),
        text('FileExtension', 40, readOnly),
        text('FileType', 20, readOnly),
        field('ContentSize', 'int', readOnly),
        reference('OwnerId', ['User'], 'Owner'),
    ],
};

const CONTENT_DOCUMENT_LINK: ObjectDef = {
    name: 'ContentDocumentLink',
    keyPrefix: KEY_PREFIX.ContentDocumentLink,
    label: 'Content Document Link',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
        field('Id', 'id', { ...readOnly, length: 18 }),
        field('IsDeleted', 'boolean', readOnly),
        field('SystemModstamp', 'datetime', readOnly),
        reference('ContentDocumentId', ['ContentDocument'], 'ContentDocument', { required: true, updateable: false }),
        reference('LinkedEntityId', LINKABLE, 'LinkedEntity', { required: true, updateable: false }),
        picklist('ShareType', ['V', 'C', 'I'], { defaultValue: 'V' }),
        picklist('Visibility', ['AllUsers', 'InternalUsers', 'SharedUsers'], { defaultValue: 'AllUsers' }),
    ],
};

/**
 * Omni-Channel work assigned to an agent. The platform sets Status (Assigned → Opened on accept → Closed /
 * Transferred / Declined...); through the API it is read-only. WorkItemId is polymorphic in Salesforce (Case,
 * MessagingSession...): the fake models Case only.
 */
const AGENT_WORK: ObjectDef = {
    name: 'AgentWork',
    keyPrefix: KEY_PREFIX.AgentWork,
    label: 'Agent Work',
    createable: true,
    updateable: true,
    deletable: false,
    fields: [
        ...systemFields(),
        reference('WorkItemId', ['Case'], 'WorkItem', { required: true, updateable: false }),
        reference('UserId', ['User'], 'User', { required: true, updateable: false }),
        picklist(
            'Status',
            [
                'Assigned',
                'Opened',
                'Closed',
                'Declined',
                'DeclinedOnPushTimeout',
                'Canceled',
                'Transferred',
                'Unavailable',
            ],
            { ...readOnly, defaultValue: 'Assigned' },
        ),
        field('AcceptDateTime', 'datetime', readOnly),
        field('CloseDateTime', 'datetime', readOnly),
        reference('OwnerId', ['User'], 'Owner'),
    ],
};

/**
 * Salesforce Quick Text (standard object): the snippets agents insert into replies. Since API 25.0 its Name and
 * Message can be neither filtered nor sorted in SOQL (the package's TimQuickTextController matches them in Apex).
 * Category and Channel are org-defined picklists (not restricted here); IsInsertable ("Include in selected channels")
 * defaults to true. Which records a user may read is the org's sharing; the fake's API user reads all.
 */
const QUICK_TEXT: ObjectDef = {
    name: 'QuickText',
    keyPrefix: KEY_PREFIX.QuickText,
    label: 'Quick Text',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
        ...systemFields(),
        text('Name', 255, { required: true, filterable: false }),
        field('Message', 'textarea', { length: 4096, required: true, filterable: false }),
        field('Category', 'picklist', { length: 40 }),
        field('Channel', 'multipicklist', { length: 4099 }),
        field('IsInsertable', 'boolean', { defaultValue: true }),
        reference('OwnerId', ['User'], 'Owner'),
    ],
};

/**
 * The package's settings custom metadata type (force-app/main/default/objects/Tim_Chat_Setting__mdt). Custom
 * metadata records are deployed as metadata: SOQL reads them, the REST sObject API cannot insert or change them.
 * They have no IsDeleted/CreatedDate audit fields in SOQL (the fake keeps IsDeleted internally, always false).
 */
const TIM_CHAT_SETTING: ObjectDef = {
    name: 'Tim_Chat_Setting__mdt',
    keyPrefix: KEY_PREFIX.Tim_Chat_Setting__mdt,
    label: 'Tim Chat Setting',
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
        field('Id', 'id', { ...readOnly, length: 18 }),
        field('IsDeleted', 'boolean', readOnly),
        field('SystemModstamp', 'datetime', readOnly),
        text('DeveloperName', 40, { ...readOnly, required: true, unique: true }),
        text('MasterLabel', 40, readOnly),
        text('Label', 40, readOnly),
        text('QualifiedApiName', 70, readOnly),
        text('NamespacePrefix', 15, readOnly),
        field('Sync_Enabled__c', 'boolean', { ...readOnly, defaultValue: true }),
        field('Bypass_Triggers__c', 'boolean', { ...readOnly, defaultValue: false }),
        picklist('Close_Action__c', ['Mute', 'Dismiss', 'None'], readOnly),
        field('Archive_Transcript__c', 'boolean', { ...readOnly, defaultValue: true }),
        field('Csat_On_Close__c', 'boolean', { ...readOnly, defaultValue: true }),
        field('Max_Attempts__c', 'double', readOnly),
        field('Retry_Base_Delay_Minutes__c', 'double', readOnly),
        field('Reconcile_Window_Hours__c', 'double', readOnly),
        field('Sync_Batch_Size__c', 'double', readOnly),
    ],
};

export const OBJECTS: readonly ObjectDef[] = [
    CASE,
    CONTACT,
    USER,
    GROUP,
    CONTENT_VERSION,
    CONTENT_DOCUMENT,
    CONTENT_DOCUMENT_LINK,
    AGENT_WORK,
    TIM_ENGAGEMENT,
    TIM_CHAT_SETTING,
    QUICK_TEXT,
];

const OBJECTS_BY_LOWER = new Map(OBJECTS.map((o) => [o.name.toLowerCase(), o]));
const FIELD_INDEX = new Map(OBJECTS.map((o) => [o.name, new Map(o.fields.map((f) => [f.name.toLowerCase(), f]))]));

/** Object names are case-insensitive in the API. */
export function findObject(name: string): ObjectDef | undefined {
    return OBJECTS_BY_LOWER.get(name.toLowerCase());
}

/** Field names are case-insensitive in the API. */
export function findField(object: ObjectDef, name: string): FieldDef | undefined {
    return FIELD_INDEX.get(object.name)?.get(name.toLowerCase());
}

export function findRelationship(object: ObjectDef, relationshipName: string): FieldDef | undefined {
    const lower = relationshipName.toLowerCase();
    return object.fields.find((f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === lower);
}

export function objectForKeyPrefix(prefix: string): ObjectDef | undefined {
    return OBJECTS.find((o) => o.keyPrefix === prefix);
}
