// Generated from docs/openapi.json by `npm run ui:types` (openapi-typescript): do not edit.
// The page names the shapes it uses in types.ts.

export interface paths {
  '/lab/events/{eventType}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['LabEventsController_emit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/lab/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['LabSessionController_login'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/lab/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['LabSessionController_logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/event-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['EventTypesController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SubscriptionsController_list'];
    put?: never;
    post: operations['SubscriptionsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/subscriptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SubscriptionsController_get'];
    put?: never;
    post?: never;
    delete: operations['SubscriptionsController_remove'];
    options?: never;
    head?: never;
    patch: operations['SubscriptionsController_update'];
    trace?: never;
  };
  '/webhooks/subscriptions/{id}/$status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['FhirStatusController_status'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/subscriptions/{id}/$events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['FhirStatusController_events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/subscriptions/{id}/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SigningSecretController_rotate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/subscriptions/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['EndpointHealthController_test'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/subscriptions/{id}/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['EndpointHealthController_stats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/events/chart': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['DeliveryChartController_all'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/subscriptions/{id}/chart': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['DeliveryChartController_one'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['EventLogController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/events/changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['EventLogController_changes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/events/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['EventLogController_resend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/events/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['EventLogController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/events/{id}/payload': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['EventLogController_expunge'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/events/recover': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['RecoverTasksController_recover'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/tasks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['RecoverTasksController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AuditController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/subscriptions/{id}/links': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['IntegratorLinksController_list'];
    put?: never;
    post: operations['IntegratorLinksController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/links/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['IntegratorLinksController_revoke'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/ui/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['UiController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    EventFieldDto: {
      /**
       * @description Dotted path; array elements flattened (`results.code`)
       * @example orderingFacility.id
       */
      path: string;
      /**
       * @description JSON types; an array of scalars lists `array` and its items' types
       * @example [
       *       "string"
       *     ]
       */
      types: string[];
      /**
       * @description `date` or `date-time` for timestamps
       * @example date-time
       */
      format?: string;
      description?: string;
    };
    EventTypeDto: {
      /** @enum {string} */
      name:
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation';
      description: string;
      /**
       * @description Version of `schema`; each delivery names it in its `webhook-schema` header (`report_signed/1`)
       * @example 1
       */
      schemaVersion: number | string;
      /** @description JSON Schema (draft 2020-12) of the payload */
      schema: {
        [key: string]: unknown;
      };
      /** @description A payload that follows `schema` (synthetic patient) */
      example: {
        [key: string]: unknown;
      };
      /** @description The paths of `schema`: what a subscription `filter` may name */
      fields: components['schemas']['EventFieldDto'][];
      /**
       * @description The canonical URL of its topic in FHIR R4 notifications (`fhir-r4` subscriptions, docs/fhir.md)
       * @example https://lis.example.org/fhir/SubscriptionTopic/report_signed
       */
      fhirTopic: string;
    };
    Hl7ReceiverDto: {
      /**
       * @description MSH-5 Receiving Application (HD namespace id), e.g. `EMR`
       * @example EMR
       */
      receivingApplication?: string | null;
      /**
       * @description MSH-6 Receiving Facility (HD namespace id), e.g. `NORTH_CLINIC`
       * @example NORTH_CLINIC
       */
      receivingFacility?: string | null;
    };
    FhirSettingsDto: {
      /**
       * @description `empty`: event numbers only; `id-only`: a reference to each event's focus resource (the least patient data that names it); `full-resource`: the resource itself (only when the lab supplies resources)
       * @default id-only
       * @enum {string}
       */
      payloadContent: 'empty' | 'id-only' | 'full-resource';
      /** @description A `heartbeat` notification after this many seconds without one; null: no heartbeat */
      heartbeatPeriodSeconds?: number | null;
    };
    TlsSettingsDto: {
      /** @description Client certificate, PEM (the chain, leaf first); give `clientKey` with it; `null` removes it and its key */
      clientCertificate?: Record<string, never> | null;
      /** @description The client certificate's private key, PEM (PKCS#8 or PKCS#1, encrypted or not); sealed at rest, never returned */
      clientKey?: string;
      /** @description Passphrase of an encrypted `clientKey`; sealed at rest, never returned */
      clientKeyPassphrase?: Record<string, never> | null;
      /** @description CA certificates (PEM bundle), e.g. the hospital's internal CA; used when `trust` is `custom` or `system+custom` */
      caCertificates?: Record<string, never> | null;
      /**
       * @description Which CAs the receiver's certificate must chain to: `system` (Node's trust store), `custom` (`caCertificates` only), `system+custom`. Verification is never skipped.
       * @default system
       * @enum {string}
       */
      trust: 'system' | 'custom' | 'system+custom';
    };
    OAuth2SettingsDto: {
      /** @example https://gateway.hospital.example/oauth2/token */
      tokenUrl: string;
      clientId: string;
      /** @description Required when OAuth2 is first set; sealed at rest, never returned */
      clientSecret?: string;
      /** @example lab-results.write */
      scope?: Record<string, never> | null;
      /** @description `audience` parameter, for gateways that ask for one */
      audience?: Record<string, never> | null;
      /**
       * @default client_secret_basic
       * @enum {string}
       */
      authMethod: 'client_secret_basic' | 'client_secret_post';
    };
    CreateSubscriptionDto: {
      /** @example https://partner.example.com/webhooks/lab */
      url: string;
      events: (
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation'
      )[];
      /** @description Basic auth user name; requires `password` */
      username?: string;
      /** @description Basic auth password; requires `username`; never returned */
      password?: string;
      /**
       * @description Custom request headers (at most 20), name to value. Values are secrets: sealed at rest, never returned (answers show `{ "hasValue": true }`)
       * @example {
       *       "X-Partner-Key": "abc"
       *     }
       */
      headers?: {
        [key: string]: string;
      };
      description?: string;
      /** @default true */
      active: boolean;
      /** @description Only events whose payload has this projectTemplateId match */
      projectTemplateId?: string;
      /**
       * @description Only events whose payload matches: a subset of MongoDB query syntax over the payload's fields, e.g. `{"orderingFacility.id": "F-100"}` (a bare value means `$eq`); operators `$eq $ne $in $nin $exists $gt $gte $lt $lte $not` on a field, `$and $or` over conditions; a path through an array matches when any element does. Checked against the schemas of the subscription's events (`GET /webhooks/event-types` lists their `fields`); at most 4 KiB and 8 levels deep. `null` (or absent): every event of its types. docs/filters.md
       * @example {
       *       "orderingFacility.id": "F-100"
       *     }
       */
      filter?: {
        [key: string]: unknown;
      } | null;
      /**
       * @description `subject`: entries about one lab object (report, requisition, sample) are delivered in publish order; a later one waits while an earlier one is pending or retrying. `none`: no waiting.
       * @default none
       * @enum {string}
       */
      ordering: 'none' | 'subject';
      /**
       * @description The body of each delivery: `json` (the event's payload as published), `fhir-r4` (a FHIR R4 Subscriptions notification bundle) or `hl7v2` (an HL7 v2.5.1 message, one per POST, whose ACK decides the outcome: docs/hl7v2.md). Signing, retries, the log and resend are the same for all.
       * @default json
       * @enum {string}
       */
      format: 'json' | 'fhir-r4' | 'hl7v2';
      /** @description Only with `format: "hl7v2"`: the receiving application and facility its messages name */
      hl7?: components['schemas']['Hl7ReceiverDto'] | null;
      /** @description Only with `format: "fhir-r4"`: what each notification carries and the heartbeat (docs/fhir.md) */
      fhir?: components['schemas']['FhirSettingsDto'] | null;
      /** @description Webhook Users assigned to this endpoint */
      userIds?: string[];
      tls?: components['schemas']['TlsSettingsDto'] | null;
      oauth2?: components['schemas']['OAuth2SettingsDto'] | null;
    };
    CertificateInfoDto: {
      /** @example CN=lab-webhooks, O=North Lab */
      subject: string;
      issuer: string;
      /** @description Serial number, hex */
      serial: string;
      /** Format: date-time */
      notBefore: string;
      /** Format: date-time */
      notAfter: string;
      /** @description Whole days left before `notAfter`; under 30 raises a warning */
      daysLeft: number;
    };
    TlsInfoDto: {
      /** @description Client certificate chain, PEM */
      clientCertificate: string | null;
      clientCertificateInfo: components['schemas']['CertificateInfoDto'] | null;
      /** @description Whether a client key is stored */
      hasClientKey: boolean;
      /** @description Whether a key passphrase is stored */
      hasClientKeyPassphrase: boolean;
      caCertificates: string | null;
      /** @enum {string} */
      trust: 'system' | 'custom' | 'system+custom';
    };
    OAuth2InfoDto: {
      tokenUrl: string;
      clientId: string;
      scope: string | null;
      audience: string | null;
      /** @enum {string} */
      authMethod: 'client_secret_basic' | 'client_secret_post';
      hasClientSecret: boolean;
    };
    CreatedSubscriptionDto: {
      /** Format: uuid */
      id: string;
      url: string;
      events: (
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation'
      )[];
      username: string | null;
      /** @description Whether basic auth has a password set */
      hasPassword: boolean;
      /**
       * @description Custom request headers by name; values are write-only, never shown
       * @example {
       *       "X-Partner-Key": {
       *         "hasValue": true
       *       }
       *     }
       */
      headers: {
        [key: string]: {
          hasValue: boolean;
        };
      };
      description: string | null;
      active: boolean;
      /**
       * @description `subject`: entries about one lab object (report, requisition, sample) are delivered in publish order; a later one waits while an earlier one is pending or retrying. `none`: no waiting.
       * @enum {string}
       */
      ordering: 'none' | 'subject';
      /**
       * @description The body of each delivery: `json` (the event's payload as published), `fhir-r4` (a FHIR R4 Subscriptions notification bundle) or `hl7v2` (an HL7 v2.5.1 message, one per POST, whose ACK decides the outcome: docs/hl7v2.md). Signing, retries, the log and resend are the same for all.
       * @enum {string}
       */
      format: 'json' | 'fhir-r4' | 'hl7v2';
      /** @description MSH-5 and MSH-6 of an `hl7v2` subscription (both keys always present); null for the other formats */
      hl7: components['schemas']['Hl7ReceiverDto'] | null;
      /** @description Payload content and heartbeat of a `fhir-r4` subscription (both keys always present); null for the other formats */
      fhir: components['schemas']['FhirSettingsDto'] | null;
      /**
       * @description Why the module deactivated the endpoint: `gone` (it answered 410), `failing` (its entries kept failing for `disableAfterFailingHours`); null when active or deactivated by an admin
       * @enum {string|null}
       */
      disabledReason: 'gone' | 'failing' | null;
      /**
       * Format: date-time
       * @description When it was deactivated
       */
      disabledAt: string | null;
      /**
       * Format: date-time
       * @description When its entries began to end `failed` with no success since; null while healthy
       */
      failingSince: string | null;
      projectTemplateId: string | null;
      /** @description Only events whose payload matches: a subset of MongoDB query syntax over the payload's fields, e.g. `{"orderingFacility.id": "F-100"}` (a bare value means `$eq`); operators `$eq $ne $in $nin $exists $gt $gte $lt $lte $not` on a field, `$and $or` over conditions; a path through an array matches when any element does. Checked against the schemas of the subscription's events (`GET /webhooks/event-types` lists their `fields`); at most 4 KiB and 8 levels deep. `null` (or absent): every event of its types. docs/filters.md */
      filter: {
        [key: string]: unknown;
      } | null;
      userIds: string[];
      /** @description Client certificate and trust for the receiver (never the key) */
      tls: components['schemas']['TlsInfoDto'];
      /** @description OAuth2 client credentials (never the secret) */
      oauth2: components['schemas']['OAuth2InfoDto'] | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description Standard Webhooks signing secret (`whsec_...`); shown on create only */
      signingSecret?: string;
    };
    SubscriptionDto: {
      /** Format: uuid */
      id: string;
      url: string;
      events: (
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation'
      )[];
      username: string | null;
      /** @description Whether basic auth has a password set */
      hasPassword: boolean;
      /**
       * @description Custom request headers by name; values are write-only, never shown
       * @example {
       *       "X-Partner-Key": {
       *         "hasValue": true
       *       }
       *     }
       */
      headers: {
        [key: string]: {
          hasValue: boolean;
        };
      };
      description: string | null;
      active: boolean;
      /**
       * @description `subject`: entries about one lab object (report, requisition, sample) are delivered in publish order; a later one waits while an earlier one is pending or retrying. `none`: no waiting.
       * @enum {string}
       */
      ordering: 'none' | 'subject';
      /**
       * @description The body of each delivery: `json` (the event's payload as published), `fhir-r4` (a FHIR R4 Subscriptions notification bundle) or `hl7v2` (an HL7 v2.5.1 message, one per POST, whose ACK decides the outcome: docs/hl7v2.md). Signing, retries, the log and resend are the same for all.
       * @enum {string}
       */
      format: 'json' | 'fhir-r4' | 'hl7v2';
      /** @description MSH-5 and MSH-6 of an `hl7v2` subscription (both keys always present); null for the other formats */
      hl7: components['schemas']['Hl7ReceiverDto'] | null;
      /** @description Payload content and heartbeat of a `fhir-r4` subscription (both keys always present); null for the other formats */
      fhir: components['schemas']['FhirSettingsDto'] | null;
      /**
       * @description Why the module deactivated the endpoint: `gone` (it answered 410), `failing` (its entries kept failing for `disableAfterFailingHours`); null when active or deactivated by an admin
       * @enum {string|null}
       */
      disabledReason: 'gone' | 'failing' | null;
      /**
       * Format: date-time
       * @description When it was deactivated
       */
      disabledAt: string | null;
      /**
       * Format: date-time
       * @description When its entries began to end `failed` with no success since; null while healthy
       */
      failingSince: string | null;
      projectTemplateId: string | null;
      /** @description Only events whose payload matches: a subset of MongoDB query syntax over the payload's fields, e.g. `{"orderingFacility.id": "F-100"}` (a bare value means `$eq`); operators `$eq $ne $in $nin $exists $gt $gte $lt $lte $not` on a field, `$and $or` over conditions; a path through an array matches when any element does. Checked against the schemas of the subscription's events (`GET /webhooks/event-types` lists their `fields`); at most 4 KiB and 8 levels deep. `null` (or absent): every event of its types. docs/filters.md */
      filter: {
        [key: string]: unknown;
      } | null;
      userIds: string[];
      /** @description Client certificate and trust for the receiver (never the key) */
      tls: components['schemas']['TlsInfoDto'];
      /** @description OAuth2 client credentials (never the secret) */
      oauth2: components['schemas']['OAuth2InfoDto'] | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    SubscriptionPageDto: {
      items: components['schemas']['SubscriptionDto'][];
      nextCursor: string | null;
    };
    UpdateSubscriptionDto: {
      url?: string;
      events?: (
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation'
      )[];
      username?: string;
      /** @description `null` removes basic auth */
      password?: Record<string, never> | null;
      /**
       * @description The new set of custom headers: names not given are removed. A value is a string (set), or `{ "hasValue": true }` to keep the stored value of that name
       * @example {
       *       "X-Partner-Key": {
       *         "hasValue": true
       *       },
       *       "X-Site": "north"
       *     }
       */
      headers?: {
        [key: string]:
          | string
          | {
              /** @enum {boolean} */
              hasValue: true;
            };
      };
      description?: Record<string, never> | null;
      active?: boolean;
      projectTemplateId?: Record<string, never> | null;
      /**
       * @description Only events whose payload matches: a subset of MongoDB query syntax over the payload's fields, e.g. `{"orderingFacility.id": "F-100"}` (a bare value means `$eq`); operators `$eq $ne $in $nin $exists $gt $gte $lt $lte $not` on a field, `$and $or` over conditions; a path through an array matches when any element does. Checked against the schemas of the subscription's events (`GET /webhooks/event-types` lists their `fields`); at most 4 KiB and 8 levels deep. `null` (or absent): every event of its types. docs/filters.md
       * @example {
       *       "orderingFacility.id": "F-100"
       *     }
       */
      filter?: {
        [key: string]: unknown;
      } | null;
      /**
       * @description `subject`: entries about one lab object (report, requisition, sample) are delivered in publish order; a later one waits while an earlier one is pending or retrying. `none`: no waiting.
       * @default none
       * @enum {string}
       */
      ordering: 'none' | 'subject';
      /**
       * @description The body of each delivery: `json` (the event's payload as published), `fhir-r4` (a FHIR R4 Subscriptions notification bundle) or `hl7v2` (an HL7 v2.5.1 message, one per POST, whose ACK decides the outcome: docs/hl7v2.md). Signing, retries, the log and resend are the same for all.
       * @default json
       * @enum {string}
       */
      format: 'json' | 'fhir-r4' | 'hl7v2';
      /** @description Only with `format: "hl7v2"`: the receiving application and facility its messages name */
      hl7?: components['schemas']['Hl7ReceiverDto'] | null;
      /** @description Only with `format: "fhir-r4"`: what each notification carries and the heartbeat (docs/fhir.md) */
      fhir?: components['schemas']['FhirSettingsDto'] | null;
      /** @description Webhook Users assigned to this endpoint */
      userIds?: string[];
      tls?: components['schemas']['TlsSettingsDto'] | null;
      oauth2?: components['schemas']['OAuth2SettingsDto'] | null;
    };
    RotatedSecretDto: {
      /** @description New Standard Webhooks signing secret (`whsec_...`); shown here only */
      signingSecret: string;
      /**
       * Format: date-time
       * @description Until when the previous secret keeps signing beside the new one (both signatures are sent)
       */
      previousSecretExpiresAt: string;
    };
    TestDeliveryRequestDto: {
      /**
       * @description Send this event type's catalog example (`GET /event-types`) instead of the `webhook_test` ping: the body a real event of that type would get, with its `webhook-schema` header
       * @enum {string}
       */
      eventType?:
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation';
    };
    TestDeliveryResultDto: {
      /** @description True for a 2xx within `deliveryTimeoutMs` */
      ok: boolean;
      /** @description HTTP status; null when no response came */
      status: number | null;
      /** @description Time to the end of the response (or the failure) */
      durationMs: number;
      /** @description Response body, capped at `responseBodyLimitBytes` */
      responseBody: string | null;
      /** @description Why it failed: `HTTP 500`, `timeout`, `connection refused`, `destination blocked`, ... */
      error: string | null;
    };
    StatusCountsDto: {
      pending: number;
      retrying: number;
      succeeded: number;
      failed: number;
      canceled: number;
    };
    EndpointStatsDto: {
      hours: number;
      /**
       * Format: date-time
       * @description Start of the window (inclusive)
       */
      since: string;
      /** @description Entries created in the window, by current status */
      counts: components['schemas']['StatusCountsDto'];
      /** @description succeeded / (succeeded + failed), 0..1; null when none of the window has ended either way */
      successRate: number | null;
      /**
       * Format: date-time
       * @description When the newest entry (within retention) that succeeded did so
       */
      lastSuccessAt: string | null;
      /**
       * Format: date-time
       * @description When its entries began to end `failed` with no success since; null while healthy
       */
      failingSince: string | null;
      /** @description Median duration of the attempts of the window's newest 10 000 entries */
      p50DurationMs: number | null;
      /** @description 95th percentile of the same attempts */
      p95DurationMs: number | null;
    };
    ChartBucketDto: {
      succeeded: number;
      failed: number;
      /** @description pending or retrying: not yet ended */
      waiting: number;
      canceled: number;
      /**
       * Format: date-time
       * @description Start of the bar: the hour or day, or the start of the period for the first bar
       */
      start: string;
    };
    ChartCountsDto: {
      succeeded: number;
      failed: number;
      /** @description pending or retrying: not yet ended */
      waiting: number;
      canceled: number;
    };
    DeliveryChartDto: {
      /** @enum {string} */
      period: '24h' | '30d';
      /** @enum {string} */
      bucket: 'hour' | 'day';
      /**
       * Format: date-time
       * @description Start of the period (inclusive)
       */
      since: string;
      /**
       * Format: date-time
       * @description End of the period: when the counts were read
       */
      until: string;
      /** @description Oldest first; every hour or day of the period, empty ones too */
      buckets: components['schemas']['ChartBucketDto'][];
      totals: components['schemas']['ChartCountsDto'];
    };
    EventDto: {
      /**
       * Format: uuid
       * @description The entry id; also the `webhook-id` header the receiver gets
       */
      id: string;
      /**
       * Format: uuid
       * @description The published event; shared by the entries of every matching subscription
       */
      eventId: string;
      /**
       * @description One of the seven events, or a FHIR `handshake` or `heartbeat` notice (docs/fhir.md)
       * @enum {string}
       */
      eventType:
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation'
        | 'handshake'
        | 'heartbeat';
      /** Format: uuid */
      subscriptionId: string;
      /** @description The URL the entry is (or was) sent to */
      url: string;
      /** @enum {string} */
      status: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'canceled';
      /** @description Attempts made over the entry's life, resends included */
      attemptCount: number;
      lastResponseStatus: number | null;
      lastError: string | null;
      /**
       * Format: date-time
       * @description When the next attempt is due; null once final
       */
      nextAttemptAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description True once the payload and response bodies were erased on request */
      payloadExpunged: boolean;
      /** @description The lab object the event is about (e.g. a report id); null when none or expunged */
      subject: string | null;
      /**
       * @description The event's number on its `fhir-r4` subscription (gapless from 1); null for other formats and notices
       * @example 42
       */
      eventNumber: string | null;
    };
    EventPageDto: {
      items: components['schemas']['EventDto'][];
      nextCursor: string | null;
    };
    EventChangesDto: {
      /** @description true: `items` is the first page as it is now (the first poll, or more new entries than a page): draw it afresh */
      reset: boolean;
      /** @description Newest first: entries created since `after`, other than those of `ids` */
      items: components['schemas']['EventDto'][];
      /** @description Of `ids`, the entries that changed since `after` */
      changed: components['schemas']['EventDto'][];
      /** @description With `reset`: the cursor of the next older page (as `GET /events`) */
      nextCursor: string | null;
      /** @description Pass as `after` on the next poll */
      next: string;
    };
    ResendEventsDto: {
      /** @description Event-log entry ids */
      ids: string[];
      /**
       * @description Send entries whose last attempt went to another URL than their endpoint's current one (after the endpoint's URL was changed); without it such a request is a 409 naming both URLs. Audited as `events.redirected`
       * @default false
       */
      confirmNewUrl: boolean;
    };
    ResendResultDto: {
      /** @description Entries set back to pending and queued to be sent now */
      queued: string[];
      /** @description Ids that do not exist, are past retention, or are not visible to the caller */
      notFound: string[];
    };
    AttemptDto: {
      /** @description 1-based number over the entry's life */
      attempt: number;
      /** @enum {string} */
      trigger: 'initial' | 'retry' | 'resend';
      /** @description The URL it was sent to (for attempts recorded before this was kept: the entry's url) */
      url: string;
      /** Format: date-time */
      startedAt: string;
      durationMs: number;
      /** @description Headers sent; Authorization redacted */
      requestHeaders: {
        [key: string]: string;
      };
      responseStatus: number | null;
      responseHeaders: {
        [key: string]: string;
      } | null;
      /** @description Response body, capped at `responseBodyLimitBytes` */
      responseBody: string | null;
      /** @description Why the attempt failed (timeout, network error, status) */
      error: string | null;
      /** @description The wait before the next attempt, in ms; null when none followed */
      nextDelayMs: number | null;
      /**
       * @description Why that wait: the retry schedule, or the receiver's Retry-After (on a 429 or 503; `-capped`: cut to `maxRetryAfterSeconds`)
       * @enum {string|null}
       */
      delayReason: 'schedule' | 'retry-after' | 'retry-after-capped' | null;
    };
    EventDetailDto: {
      /**
       * Format: uuid
       * @description The entry id; also the `webhook-id` header the receiver gets
       */
      id: string;
      /**
       * Format: uuid
       * @description The published event; shared by the entries of every matching subscription
       */
      eventId: string;
      /**
       * @description One of the seven events, or a FHIR `handshake` or `heartbeat` notice (docs/fhir.md)
       * @enum {string}
       */
      eventType:
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation'
        | 'handshake'
        | 'heartbeat';
      /** Format: uuid */
      subscriptionId: string;
      /** @description The URL the entry is (or was) sent to */
      url: string;
      /** @enum {string} */
      status: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'canceled';
      /** @description Attempts made over the entry's life, resends included */
      attemptCount: number;
      lastResponseStatus: number | null;
      lastError: string | null;
      /**
       * Format: date-time
       * @description When the next attempt is due; null once final
       */
      nextAttemptAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description True once the payload and response bodies were erased on request */
      payloadExpunged: boolean;
      /** @description The lab object the event is about (e.g. a report id); null when none or expunged */
      subject: string | null;
      /**
       * @description The event's number on its `fhir-r4` subscription (gapless from 1); null for other formats and notices
       * @example 42
       */
      eventNumber: string | null;
      /** @description The JSON body sent (holds PHI); null once expunged */
      payload: {
        [key: string]: unknown;
      } | null;
      /** @description An `hl7v2` endpoint's entry: the ER7 message as sent, rendered again from the stored payload with the endpoint's current settings (segments end in `\r`); null for other formats and once expunged */
      message: string | null;
      /** @description Oldest first */
      attempts: components['schemas']['AttemptDto'][];
    };
    RecoverEventsDto: {
      /**
       * Format: date-time
       * @description Entries created at or after this instant; within retention
       * @example 2026-01-30T18:00:00Z
       */
      since: string;
      /**
       * Format: date-time
       * @description Entries created before this instant (exclusive); default: now
       */
      until?: string;
      /**
       * Format: uuid
       * @description Only this endpoint's entries; default: every active endpoint the caller may see
       */
      subscriptionId?: string;
      /** @enum {string} */
      eventType?:
        | 'requisition_signed_accession'
        | 'report_signed'
        | 'report_corrected'
        | 'sample_rejected'
        | 'requisition_canceled'
        | 'report_ready_for_generation'
        | 'report_correction_ready_for_generation';
      /**
       * @default failed
       * @enum {string}
       */
      status: 'failed' | 'canceled' | 'succeeded';
      /**
       * @description Send entries whose last attempt went to another URL than their endpoint's current one (after the endpoint's URL was changed); without it such a request is a 409 naming both URLs. Audited as `events.redirected`
       * @default false
       */
      confirmNewUrl: boolean;
      /**
       * @description Only count what would be recovered; no task is started
       * @default false
       */
      dryRun: boolean;
    };
    RecoverResultDto: {
      /** @description The task queueing the entries; null for a dry run */
      taskId: string | null;
      /** @description Entries that match; a task queues at most 10000 of them, oldest first */
      matched: number;
    };
    TaskDto: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      kind: 'recover';
      /** @enum {string} */
      status: 'running' | 'completed' | 'failed';
      /** @description Entries the task will queue */
      total: number;
      /** @description Entries queued so far */
      queued: number;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      finishedAt: string | null;
      /** @description Why it failed */
      error: string | null;
    };
    UrlChangeDto: {
      /** @description The URL of the entries' last attempt */
      from: string;
      /** @description The endpoint's URL they are sent to now */
      to: string;
      /** @description How many entries */
      count: number;
    };
    AuditEntryDto: {
      /** Format: uuid */
      id: string;
      /**
       * Format: date-time
       * @description When it happened
       */
      at: string;
      /** @description Who did it: the caller's id, or `system` */
      actorId: string;
      /** @enum {string} */
      action:
        | 'subscription.created'
        | 'subscription.updated'
        | 'subscription.deleted'
        | 'subscription.secret_rotated'
        | 'subscription.tested'
        | 'event.viewed'
        | 'events.resent'
        | 'events.recovered'
        | 'events.redirected'
        | 'payload.expunged'
        | 'endpoint.disabled'
        | 'endpoint.enabled'
        | 'link.created'
        | 'link.revoked'
        | 'link.used';
      /**
       * Format: uuid
       * @description The subscription concerned, when one is
       */
      subscriptionId: string | null;
      /** @description Event-log entries concerned, up to 100 */
      deliveryIds: string[];
      /** @description How many entries in all (may exceed the ids listed) */
      count: number;
      /** @description Names of the fields changed, never their values */
      changes: string[] | null;
      /** @description `events.redirected`: entries last sent to `from`, sent now to `to` (confirmed by the caller) */
      urlChanges: components['schemas']['UrlChangeDto'][] | null;
    };
    AuditPageDto: {
      items: components['schemas']['AuditEntryDto'][];
      nextCursor: string | null;
    };
    CreateIntegratorLinkDto: {
      /**
       * @description Hours until the link stops working
       * @example 72
       */
      expiresInHours: number;
      /**
       * @description Whoever opens the link sees payload bodies
       * @default false
       */
      allowPayloads: boolean;
      /**
       * @description Whoever opens the link may resend the endpoint's failed entries
       * @default false
       */
      allowResend: boolean;
      /** @example For J. Smith, St. Mary interface team (ticket 4411) */
      note?: string;
    };
    CreatedIntegratorLinkDto: {
      id: string;
      /** @description The page's address with the token in its fragment (`…/ui#link=<token>`); shown once, stored hashed */
      url: string;
      /** Format: date-time */
      expiresAt: string;
    };
    IntegratorLinkDto: {
      id: string;
      subscriptionId: string;
      allowPayloads: boolean;
      allowResend: boolean;
      note: string | null;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string;
      /** Format: date-time */
      revokedAt: string | null;
      /**
       * Format: date-time
       * @description Last use written to the audit trail
       */
      lastUsedAt: string | null;
      /** @enum {string} */
      status: 'active' | 'expired' | 'revoked';
    };
    UiLinkDto: {
      subscriptionId: string;
      /** @description The endpoint's URL */
      url: string;
      allowPayloads: boolean;
      allowResend: boolean;
      /** Format: date-time */
      expiresAt: string;
    };
    UiCallerDto: {
      /** @description The caller id the module resolved */
      id: string;
      /** @description Webhook Admin (true) or Webhook User (false) */
      isAdmin: boolean;
      /** @description Set when the caller holds an integrator link: the one endpoint it shows, and what it allows */
      link?: components['schemas']['UiLinkDto'];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  LabEventsController_emit: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        eventType: string;
      };
      cookie?: never;
    };
    /** @description The event's payload; `GET /webhooks/event-types` gives each event's schema and example */
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            eventId?: string;
          };
        };
      };
      /** @description Unknown event, or a payload refused: under `payloadValidation: reject`, the path and the rule it breaks */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  LabSessionController_login: {
    parameters: {
      query: {
        /** @description A demo token of DEMO_USERS, e.g. admin-token */
        token: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Sets the lab_session cookie and redirects to /webhooks/ui */
      302: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  LabSessionController_logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ends the session, clears the lab_session cookie, redirects to /webhooks/ui */
      303: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EventTypesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The seven events, each with its payload schema and an example */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventTypeDto'][];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SubscriptionsController_list: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor: `nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Admin: all; Webhook User: assigned only */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SubscriptionPageDto'];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SubscriptionsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateSubscriptionDto'];
      };
    };
    responses: {
      /** @description The signing secret is shown here only */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedSubscriptionDto'];
        };
      };
      /** @description A field is invalid; the message names it */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SubscriptionsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SubscriptionDto'];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription, or not assigned to the caller */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SubscriptionsController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; pending deliveries stop, the log stays until retention */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SubscriptionsController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateSubscriptionDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SubscriptionDto'];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  FhirStatusController_status: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description FHIR R4 `searchset` Bundle with the status `Parameters` (backport-subscription-status-r4, type `query-status`) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/fhir+json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such fhir-r4 subscription, or not assigned to the caller */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  FhirStatusController_events: {
    parameters: {
      query?: {
        /** @description The first event number wanted (default 1) */
        eventsSinceNumber?: string;
        /** @description The last event number wanted (default: the latest); at most 100 events per answer */
        eventsUntilNumber?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description FHIR R4 notification Bundle (`history`, type `query-event`) with the logged events numbered in the range, at most 100 */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/fhir+json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description A number is not a whole number from 1, or the range is reversed */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such fhir-r4 subscription, or not assigned to the caller */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SigningSecretController_rotate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The new secret (shown here only); the old one signs too until previousSecretExpiresAt */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RotatedSecretDto'];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Another rotation of the same subscription won; try again */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EndpointHealthController_test: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['TestDeliveryRequestDto'];
      };
    };
    responses: {
      /** @description One signed POST with the endpoint's auth and headers: `{"eventType":"webhook_test","subscriptionId":...,"sentAt":...}`, or with `eventType` that type's catalog example in the endpoint's body format; no retry, not in the event log. A receiver's error is a 200 with `ok: false`. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestDeliveryResultDto'];
        };
      };
      /** @description Unknown `eventType`, or one the endpoint's body format cannot carry */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EndpointHealthController_stats: {
    parameters: {
      query?: {
        /** @description The window: entries created in the last `hours` hours */
        hours?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EndpointStatsDto'];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription, or not assigned to the caller */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DeliveryChartController_all: {
    parameters: {
      query?: {
        /** @description `24h`: the last 24 hours, one bar an hour; `30d`: the last 30 days, one bar a day */
        period?: '24h' | '30d';
        /** @description The viewer's offset from UTC in minutes (+60 for UTC+1), so hours and days start at the viewer's midnight */
        utcOffset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Entries of every endpoint the caller sees (admin: all; Webhook User: assigned), by hour or day */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeliveryChartDto'];
        };
      };
      /** @description `period` or `utcOffset` is invalid; the message names it */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DeliveryChartController_one: {
    parameters: {
      query?: {
        /** @description `24h`: the last 24 hours, one bar an hour; `30d`: the last 30 days, one bar a day */
        period?: '24h' | '30d';
        /** @description The viewer's offset from UTC in minutes (+60 for UTC+1), so hours and days start at the viewer's midnight */
        utcOffset?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The endpoint's entries by hour (24h) or day (30d); totals equal the stats of the same window */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeliveryChartDto'];
        };
      };
      /** @description `period` or `utcOffset` is invalid; the message names it */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription, or not assigned to the caller */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EventLogController_list: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor: `nextCursor` of the previous page */
        cursor?: string;
        /** @description Only entries of this subscription */
        subscriptionId?: string;
        eventType?:
          | 'requisition_signed_accession'
          | 'report_signed'
          | 'report_corrected'
          | 'sample_rejected'
          | 'requisition_canceled'
          | 'report_ready_for_generation'
          | 'report_correction_ready_for_generation'
          | 'handshake'
          | 'heartbeat';
        status?: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'canceled';
        /** @description Only entries of this subject (exact match), e.g. a report id */
        subject?: string;
        /** @description Entries created at or after this instant (ISO 8601, with a zone) */
        since?: string;
        /** @description Entries created before this instant (exclusive; ISO 8601, with a zone) */
        until?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first. Admin: every entry; Webhook User: entries of assigned subscriptions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventPageDto'];
        };
      };
      /** @description A filter is invalid; the message names it */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EventLogController_changes: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Only entries of this subscription */
        subscriptionId?: string;
        eventType?:
          | 'requisition_signed_accession'
          | 'report_signed'
          | 'report_corrected'
          | 'sample_rejected'
          | 'requisition_canceled'
          | 'report_ready_for_generation'
          | 'report_correction_ready_for_generation'
          | 'handshake'
          | 'heartbeat';
        status?: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'canceled';
        /** @description Only entries of this subject (exact match), e.g. a report id */
        subject?: string;
        /** @description Entries created at or after this instant (ISO 8601, with a zone) */
        since?: string;
        /** @description Entries created before this instant (exclusive; ISO 8601, with a zone) */
        until?: string;
        /** @description Opaque: `next` of the previous answer; leave out on the first poll */
        after?: string;
        /** @description Comma-separated ids of the entries the caller shows (at most 100): those changed since `after` come back in `changed` */
        ids?: string[];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description For a live view of the log: entries created since the previous poll (`after`), and which of the shown entries (`ids`) changed. Same filters and scope as the list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventChangesDto'];
        };
      };
      /** @description A filter, `after` or `ids` is invalid; the message names it */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EventLogController_resend: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ResendEventsDto'];
      };
    };
    responses: {
      /** @description Queued entries run the full retry schedule again, same webhook-id */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ResendResultDto'];
        };
      };
      /** @description `ids` is missing, empty or longer than 100 */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description An entry's payload was expunged, or an entry's last attempt went to another URL than its endpoint's current one and `confirmNewUrl` is not true (`urlChanges` names both); nothing is queued */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The caller's resend/recover budget (option `callerLimits`) is spent; `Retry-After` says in how many seconds to try again. Nothing is queued */
      429: {
        headers: {
          /** @description Seconds until the window starts afresh */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EventLogController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventDetailDto'];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such entry, past retention, or not of a subscription assigned to the caller */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EventLogController_expunge: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Payload, response bodies and subject erased; the entry stays with `payloadExpunged: true` */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such entry, or past retention */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RecoverTasksController_recover: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecoverEventsDto'];
      };
    };
    responses: {
      /** @description A task queues the matching entries of the caller's active endpoints (same webhook-id), 100 at a time; `dryRun`: 200 with the count only */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecoverResultDto'];
        };
      };
      /** @description `since` missing or past retention, or another field invalid; the message names it */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description A task is already running for one of the subscriptions (named), the subscription is deactivated, or matching entries were last sent to another URL than their endpoint's current one and `confirmNewUrl` is not true (`urlChanges` names both) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The caller's resend/recover budget (option `callerLimits`) is spent; `Retry-After` says in how many seconds to try again. Nothing is queued */
      429: {
        headers: {
          /** @description Seconds until the window starts afresh */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RecoverTasksController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskDto'];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such task, or started by someone else (admins see every task) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AuditController_list: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description Opaque cursor: `nextCursor` of the previous page */
        cursor?: string;
        /** @description Only what this caller did (`system`: what the module did on its own) */
        actorId?: string;
        action?:
          | 'subscription.created'
          | 'subscription.updated'
          | 'subscription.deleted'
          | 'subscription.secret_rotated'
          | 'subscription.tested'
          | 'event.viewed'
          | 'events.resent'
          | 'events.recovered'
          | 'events.redirected'
          | 'payload.expunged'
          | 'endpoint.disabled'
          | 'endpoint.enabled'
          | 'link.created'
          | 'link.revoked'
          | 'link.used';
        /** @description Only rows about this subscription */
        subscriptionId?: string;
        /** @description Rows at or after this instant (ISO 8601, with a zone) */
        since?: string;
        /** @description Rows before this instant (exclusive; ISO 8601, with a zone) */
        until?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first, within `auditRetentionDays` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditPageDto'];
        };
      };
      /** @description A filter is invalid; the message names it */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IntegratorLinksController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first, with their status; never a token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntegratorLinkDto'][];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IntegratorLinksController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateIntegratorLinkDto'];
      };
    };
    responses: {
      /** @description The url is shown this once */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedIntegratorLinkDto'];
        };
      };
      /** @description A field is invalid; the message names it */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such subscription */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IntegratorLinksController_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked: the next request with its token is refused */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such link */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  UiController_me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Who the page is talking for; 403 for a caller with neither permission */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UiCallerDto'];
        };
      };
      /** @description No authenticated caller */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Caller lacks the Webhook Admin / Webhook User permission */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
}
