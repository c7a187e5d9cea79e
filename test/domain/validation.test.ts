// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from '../../src/domain/catalogue.ts';
import { defaultDomainConfig } from '../../src/domain/config.ts';
import { validateAccessRequest } from '../../src/domain/validation.ts';
import { externalConsultantOrder, facts, folderRequest, newUserOrder, people } from './fixtures.ts';

const context = { catalogue: defaultCatalogue, config: defaultDomainConfig, facts };

describe('validateAccessRequest', () => {
  it('accepts complete requests of each family', () => {
    expect(validateAccessRequest(newUserOrder(), context).ok).toBe(true);
    expect(validateAccessRequest(folderRequest(), context).ok).toBe(true);
    expect(validateAccessRequest(externalConsultantOrder(), context).ok).toBe(true);
  });

  it('fills in the folder-only scope (R7)', () => {
    const { scope: _scope, ...withoutScope } = { ...folderRequest(), scope: 'folder' };
    const result = validateAccessRequest(withoutScope, context);
    expect(result.ok && result.value.kind === 'folder-access' && result.value.scope).toBe('folder');
  });

  it('refuses an external-consultant order without a period, with a clear reason', () => {
    const { period: _period, ...withoutPeriod } = { ...externalConsultantOrder(), period: null };
    expect(validateAccessRequest(withoutPeriod, context)).toEqual({
      ok: false,
      reasons: [{ key: 'rule.r10.periodRequired', field: 'period' }],
    });
  });

  it('refuses a declaration that is not confirmed', () => {
    const order = {
      ...externalConsultantOrder(),
      confidentialityDeclaration: { confirmed: false, storedAt: 'Arkivskap' },
    };
    const result = validateAccessRequest(order, context);
    expect(result.ok ? [] : result.reasons).toContainEqual({
      key: 'rule.r10.declarationNotConfirmed',
      field: 'confidentialityDeclaration.confirmed',
    });
  });

  it('reports one reason per field, as message keys', () => {
    const result = validateAccessRequest(
      {
        ...newUserOrder(),
        serviceNeed: '',
        roles: [],
        startDate: '2025-02-30',
        subject: { id: '' },
      },
      context,
    );
    expect(result.ok ? [] : result.reasons).toEqual([
      { key: 'validation.required', params: { min: 1 }, field: 'subject.id' },
      { key: 'request.roleRequired', params: { min: 1 }, field: 'roles' },
      { key: 'validation.date', field: 'startDate' },
      { key: 'rule.r2.serviceNeedMissing', params: { min: 1 }, field: 'serviceNeed' },
    ]);
  });

  it('checks base, roles and access codes against the catalogue', () => {
    const result = validateAccessRequest(
      {
        ...newUserOrder(people.ingrid),
        base: 'atlantis',
        roles: ['saksbehandler', 'trollmann'],
        accessCodes: ['zz'],
      },
      context,
    );
    expect(result.ok ? [] : result.reasons).toEqual([
      { key: 'catalogue.unknownBase', params: { id: 'atlantis' }, field: 'base' },
      { key: 'catalogue.unknownRole', params: { id: 'trollmann' }, field: 'roles.1' },
      { key: 'catalogue.unknownAccessCode', params: { id: 'zz' }, field: 'accessCodes.0' },
    ]);
  });

  it('refuses an end date before the start date', () => {
    const result = validateAccessRequest({ ...newUserOrder(), endDate: '2025-03-01' }, context);
    expect(result.ok ? [] : result.reasons).toEqual([
      { key: 'validation.endBeforeStart', field: 'endDate' },
    ]);
  });
});
