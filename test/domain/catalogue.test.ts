// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createCatalogue,
  defaultCatalogue,
  findBase,
  findReviewModule,
  mainBase,
  modulesOfBase,
} from '../../src/domain/catalogue.ts';

describe('the default catalogue', () => {
  it('has the ten bases of the routine, Bodø the main one', () => {
    expect(defaultCatalogue.bases.map((base) => base.name)).toEqual([
      'Bodø',
      'Røst',
      'Rødøy',
      'Salten Brann',
      'Pensjonskassen',
      'Bodø 2024',
      'Bodø Spektrum',
      'Stormen',
      'HMTS',
      'BKBS',
    ]);
    expect(mainBase(defaultCatalogue).id).toBe('bodo');
  });

  it("follows the routine's table for integrations and service level", () => {
    expect(findBase(defaultCatalogue, 'salten-brann')).toMatchObject({
      integrations: [
        'svarut',
        'svarinn',
        'esignering',
        'elements-outlook',
        'drag-n-drop',
        'komtek',
        'pixedit',
      ],
      archiveServices: ['arkivhjelp', 'daglige-arkivoppgaver'],
      technicalSupport: 'systemansvarlig',
    });
    expect(findBase(defaultCatalogue, 'rost')).toMatchObject({
      integrations: ['svarut', 'svarinn', 'einnsyn', 'elements-outlook', 'drag-n-drop'],
      archiveServices: ['arkivhjelp'],
      technicalSupport: 'own-sikri-support',
    });
    expect(findBase(defaultCatalogue, 'stormen')?.plannedIntegrations).toEqual(['einnsyn']);
    expect(findBase(defaultCatalogue, 'bkbs')?.integrations).toEqual(['svarut', 'svarinn']);
    expect(findBase(defaultCatalogue, 'pensjonskassen')?.noteKeys).toContain(
      'catalogue.note.pensjonskassenEphorte',
    );
  });

  it('has eByggesak and Møtemodulen in the Bodø base', () => {
    expect(modulesOfBase(defaultCatalogue, 'bodo').map((module) => module.name)).toEqual([
      'eByggesak',
      'Møtemodulen',
    ]);
  });

  it('reviews SvarUt, SvarInn and eDialog quarterly, SvarUt with a send-only right', () => {
    expect(defaultCatalogue.reviewModules.map((module) => module.name)).toEqual([
      'SvarUt',
      'SvarInn',
      'eDialog',
    ]);
    expect(findReviewModule(defaultCatalogue, 'svarut')?.rights).toEqual([
      { id: 'send', name: 'Send', sendOnly: true },
      { id: 'full', name: 'Full tilgang', sendOnly: false },
    ]);
    expect(defaultCatalogue.reviewedRoles.map((role) => role.name)).toEqual([
      'Systemansvar',
      'AR1',
      'AR2',
    ]);
  });
});

describe('createCatalogue', () => {
  it('adds what configuration gives', () => {
    const catalogue = createCatalogue({
      bases: [
        {
          id: 'saltdal',
          name: 'Saltdal',
          main: false,
          integrations: ['svarut'],
          plannedIntegrations: [],
          archiveServices: ['arkivhjelp'],
          technicalSupport: 'systemansvarlig',
          noteKeys: [],
        },
      ],
      elementsRoles: [{ id: 'innsyn', name: 'Innsynsbehandler' }],
    });
    expect(catalogue.bases).toHaveLength(11);
    expect(catalogue.elementsRoles.at(-1)?.id).toBe('innsyn');
  });

  it('refuses a duplicate id, with a message key naming it', () => {
    const attempt = () =>
      createCatalogue({ accessCodes: [{ id: 'p', code: 'P2', name: 'Annen' }] });
    expect(attempt).toThrow(z.ZodError);
    try {
      attempt();
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      expect(error.issues).toMatchObject([
        { message: 'catalogue.duplicateId', path: ['accessCodes', 4, 'id'], params: { id: 'p' } },
      ]);
    }
  });

  it('refuses unknown references, a second main base and bad ids', () => {
    expect(() =>
      createCatalogue({
        modules: [
          {
            id: 'x',
            name: 'X',
            base: 'nowhere',
            integrations: ['fax'],
            technicalSupport: 'systemansvarlig',
            noteKeys: [],
          },
        ],
      }),
    ).toThrow(/catalogue.unknownReference/);
    expect(() =>
      createCatalogue({
        bases: [
          {
            id: 'annen',
            name: 'Annen',
            main: true,
            integrations: [],
            plannedIntegrations: [],
            archiveServices: [],
            technicalSupport: 'systemansvarlig',
            noteKeys: [],
          },
        ],
      }),
    ).toThrow(/catalogue.oneMainBase/);
    expect(() => createCatalogue({ elementsRoles: [{ id: 'Bad Id', name: 'x' }] })).toThrow(
      /catalogue.badId/,
    );
  });
});
