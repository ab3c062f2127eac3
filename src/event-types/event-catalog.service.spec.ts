import { randomBytes } from 'node:crypto';
import { resolveWebhooksOptions } from '../webhooks-options';
import { WebhooksModuleOptions } from '../webhooks-options.interface';
import { EventCatalogService } from './event-catalog.service';

const catalog = (options: Partial<WebhooksModuleOptions>) =>
  new EventCatalogService(resolveWebhooksOptions({ encryptionKey: randomBytes(32).toString('base64'), ...options }));

describe('EventCatalogService', () => {
  it('holds the seven definitions, and names each schema version as the header does', () => {
    const c = catalog({});
    expect(c.list()).toHaveLength(7);
    expect(c.schemaHeader('sample_rejected')).toBe('sample_rejected/1');
    expect(c.schemaHeader('webhook_test')).toBeUndefined();
  });

  it('finds the first violation by path and rule, array indexes included', () => {
    const c = catalog({});
    const example = structuredClone(c.get('report_signed').example) as any;
    expect(c.violation('report_signed', example)).toBeNull();
    example.results[1].abnormalFlag = 'VERY HIGH';
    expect(c.violation('report_signed', example)).toEqual({
      path: 'results[1].abnormalFlag',
      rule: 'enum: must be equal to one of the allowed values',
    });
    expect(c.violation('report_signed', [])).toEqual({ path: '(payload)', rule: 'type: must be object' });
  });

  it('stops the start on a host example that breaks its own schema, naming the option and the rule', () => {
    expect(() =>
      catalog({
        eventCatalog: {
          sample_rejected: (base) => ({ ...base, example: { ...base.example, rejectedAt: 'yesterday' } }),
        },
      }),
    ).toThrow(
      'WebhooksModule: option "eventCatalog.sample_rejected" has an example that breaks its schema at rejectedAt (format: must match format "date-time")',
    );
  });

  it('stops the start on a host schema that does not compile, and on a definition of the wrong shape', () => {
    expect(() =>
      catalog({ eventCatalog: { report_signed: (base) => ({ ...base, schema: { type: 'no-such-type' } }) } }),
    ).toThrow(/option "eventCatalog.report_signed" has a schema that does not compile/);
    expect(() => catalog({ eventCatalog: { report_signed: { schema: {} } as any } })).toThrow(
      /option "eventCatalog.report_signed" must be \{ description, schemaVersion, schema, example \}/,
    );
    expect(() => catalog({ eventCatalog: { report_sighned: {} } as any })).toThrow(
      'WebhooksModule: option "eventCatalog.report_sighned" is not one of the seven events',
    );
    expect(() => catalog({ payloadValidation: 'strict' as any })).toThrow(/option "payloadValidation" must be/);
  });
});
