import { z } from 'zod';
import { isDomainMessageKey, type DomainMessageKey } from './messages.ts';

/**
 * What can be ordered and reviewed: the Elements bases systemansvarlig serves,
 * their integrations and modules, the KS Fiks modules under quarterly review
 * (R11), the roles under annual review (R12), and the Elements roles and
 * access codes an order picks from.
 *
 * Names are data (proper names of bases, systems and Elements roles, spelt as
 * those systems spell them), not interface text. Remarks that users read are
 * message keys.
 */

const catalogueIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'catalogue.badId' });
const nameSchema = z.string().trim().min(1).max(100);
const noteKeySchema = z.custom<DomainMessageKey>(
  (value) => typeof value === 'string' && isDomainMessageKey(value),
  { error: 'catalogue.badNoteKey' },
);

export const integrationSchema = z.object({
  id: catalogueIdSchema,
  name: nameSchema,
  /** Who runs it: KS Fiks (SvarUt, SvarInn, eDialog, Digiorden), Posten (eSignering), or someone else. */
  platform: z.enum(['ks-fiks', 'posten', 'sikri', 'other']),
});
export type Integration = z.infer<typeof integrationSchema>;

/** The routine's table: "Arkivhjelp" and "Daglige arkivoppgaver". */
export const archiveServiceSchema = z.enum(['arkivhjelp', 'daglige-arkivoppgaver']);
export type ArchiveService = z.infer<typeof archiveServiceSchema>;

/**
 * "Tekniske oppgaver" in the routine's table: `systemansvarlig` means Bodø's
 * systemansvarlig gives support ("Support"); `own-sikri-support` means the base
 * or module reports to Sikri's support itself.
 */
export const technicalSupportSchema = z.enum(['systemansvarlig', 'own-sikri-support']);
export type TechnicalSupport = z.infer<typeof technicalSupportSchema>;

export const baseSchema = z.object({
  id: catalogueIdSchema,
  name: nameSchema,
  /** The Bodø base: the municipality's own, where Dokumentsenteret does the archive work. */
  main: z.boolean(),
  integrations: z.array(catalogueIdSchema),
  /** Named in the routine as coming ("Einnsyn kommer"). */
  plannedIntegrations: z.array(catalogueIdSchema),
  archiveServices: z.array(archiveServiceSchema),
  technicalSupport: technicalSupportSchema,
  noteKeys: z.array(noteKeySchema),
});
export type Base = z.infer<typeof baseSchema>;

/** A module inside a base (routine 2.1, "Andre moduler i Bodøbasen"). */
export const baseModuleSchema = z.object({
  id: catalogueIdSchema,
  name: nameSchema,
  base: catalogueIdSchema,
  integrations: z.array(catalogueIdSchema),
  technicalSupport: technicalSupportSchema,
  noteKeys: z.array(noteKeySchema),
});
export type BaseModule = z.infer<typeof baseModuleSchema>;

export const moduleRightSchema = z.object({
  id: catalogueIdSchema,
  name: nameSchema,
  /** The narrowest right: what someone who only sends manually gets (R11). */
  sendOnly: z.boolean(),
});
export type ModuleRight = z.infer<typeof moduleRightSchema>;

/** A KS Fiks module whose sub-unit access is reviewed every quarter (R11). */
export const reviewModuleSchema = z.object({
  id: catalogueIdSchema,
  name: nameSchema,
  platform: z.literal('ks-fiks'),
  rights: z.array(moduleRightSchema).min(1),
});
export type ReviewModule = z.infer<typeof reviewModuleSchema>;

/** A role reviewed once a year (R12). */
export const reviewedRoleSchema = z.object({
  id: catalogueIdSchema,
  name: nameSchema,
});
export type ReviewedRole = z.infer<typeof reviewedRoleSchema>;

/** An Elements role an order can ask for. */
export const elementsRoleSchema = z.object({
  id: catalogueIdSchema,
  name: nameSchema,
});
export type ElementsRole = z.infer<typeof elementsRoleSchema>;

export const gradingSchema = z.enum(['personalsak', 'elevsak', 'barnesak'], {
  error: 'rule.r5.gradingRequired',
});
export type Grading = z.infer<typeof gradingSchema>;

/** An Elements access code (tilgangskode) an order can ask for. */
export const accessCodeSchema = z.object({
  id: catalogueIdSchema,
  /** The code as Elements shows it. */
  code: z.string().trim().min(1).max(10),
  name: nameSchema,
  /** The R5 grading level the code protects, where it is one. */
  grading: gradingSchema.optional(),
});
export type AccessCode = z.infer<typeof accessCodeSchema>;

const collections = {
  integrations: z.array(integrationSchema),
  bases: z.array(baseSchema),
  modules: z.array(baseModuleSchema),
  reviewModules: z.array(reviewModuleSchema),
  reviewedRoles: z.array(reviewedRoleSchema),
  elementsRoles: z.array(elementsRoleSchema),
  accessCodes: z.array(accessCodeSchema),
};

type CollectionName = keyof typeof collections;
const collectionNames: readonly CollectionName[] = [
  'integrations',
  'bases',
  'modules',
  'reviewModules',
  'reviewedRoles',
  'elementsRoles',
  'accessCodes',
];

const catalogueSchema = z.object(collections).superRefine((catalogue, ctx) => {
  for (const name of collectionNames) {
    const seen = new Set<string>();
    catalogue[name].forEach((item, index) => {
      if (seen.has(item.id)) {
        ctx.addIssue({
          code: 'custom',
          message: 'catalogue.duplicateId',
          path: [name, index, 'id'],
          params: { id: item.id },
        });
      }
      seen.add(item.id);
    });
  }
  const integrationIds = new Set(catalogue.integrations.map((item) => item.id));
  const baseIds = new Set(catalogue.bases.map((item) => item.id));
  const unknownReference = (path: (string | number)[], id: string): void => {
    ctx.addIssue({ code: 'custom', message: 'catalogue.unknownReference', path, params: { id } });
  };
  catalogue.bases.forEach((base, index) => {
    for (const field of ['integrations', 'plannedIntegrations'] as const) {
      base[field].forEach((id, position) => {
        if (!integrationIds.has(id)) unknownReference(['bases', index, field, position], id);
      });
    }
  });
  catalogue.modules.forEach((module, index) => {
    if (!baseIds.has(module.base)) unknownReference(['modules', index, 'base'], module.base);
    module.integrations.forEach((id, position) => {
      if (!integrationIds.has(id))
        unknownReference(['modules', index, 'integrations', position], id);
    });
  });
  if (catalogue.bases.filter((base) => base.main).length !== 1) {
    ctx.addIssue({ code: 'custom', message: 'catalogue.oneMainBase', path: ['bases'] });
  }
});

export type Catalogue = z.infer<typeof catalogueSchema>;

/** What configuration may add: more of anything, never a second item with an existing id. */
export type CatalogueExtension = {
  readonly [K in CollectionName]?: readonly z.input<(typeof collections)[K]>[number][];
};

const integration = (
  id: string,
  name: string,
  platform: Integration['platform'] = 'other',
): Integration => ({ id, name, platform });

const defaultIntegrations: readonly Integration[] = [
  integration('svarut', 'SvarUt', 'ks-fiks'),
  integration('svarinn', 'SvarInn', 'ks-fiks'),
  integration('edialog', 'eDialog', 'ks-fiks'),
  integration('einnsyn', 'eInnsyn'),
  integration('elements-outlook', 'Elements Outlook', 'sikri'),
  integration('drag-n-drop', 'Drag n Drop', 'sikri'),
  integration('esignering', 'eSignering', 'posten'),
  integration('komtek', 'Komtek'),
  integration('pixedit', 'PixEdit'),
  integration('gis-line', 'GIS-line oppmålingsforretning'),
  integration('visma-flyt-skole', 'Visma Flyt Skole'),
  integration('acos-interact', 'Acos Interact'),
  integration('jupiter', 'Jupiter'),
  integration('jobbnorge', 'JobbNorge'),
  integration('kommunekart', 'Kommunekart'),
  integration('matrikkel', 'Matrikkel'),
  integration('ekostra', 'eKostra'),
];

const base = (
  id: string,
  name: string,
  integrations: readonly string[],
  archiveServices: readonly ArchiveService[],
  options: {
    main?: boolean;
    planned?: readonly string[];
    technicalSupport?: TechnicalSupport;
    noteKeys?: readonly DomainMessageKey[];
  } = {},
): Base => ({
  id,
  name,
  main: options.main ?? false,
  integrations: [...integrations],
  plannedIntegrations: [...(options.planned ?? [])],
  archiveServices: [...archiveServices],
  technicalSupport: options.technicalSupport ?? 'systemansvarlig',
  noteKeys: [...(options.noteKeys ?? [])],
});

const both: readonly ArchiveService[] = ['arkivhjelp', 'daglige-arkivoppgaver'];

/**
 * The ten bases of SPEC §1 with the routine's table (section 2). The Bodø base
 * has no row in that table: its integrations are the ones section 4 lists.
 */
const defaultBases: readonly Base[] = [
  base(
    'bodo',
    'Bodø',
    [
      'gis-line',
      'svarut',
      'svarinn',
      'edialog',
      'esignering',
      'visma-flyt-skole',
      'acos-interact',
      'jupiter',
      'jobbnorge',
    ],
    both,
    { main: true, noteKeys: ['catalogue.note.bodoMainBase'] },
  ),
  base(
    'rost',
    'Røst',
    ['svarut', 'svarinn', 'einnsyn', 'elements-outlook', 'drag-n-drop'],
    ['arkivhjelp'],
    { technicalSupport: 'own-sikri-support' },
  ),
  base(
    'rodoy',
    'Rødøy',
    ['svarut', 'svarinn', 'esignering', 'elements-outlook', 'drag-n-drop'],
    [],
  ),
  base(
    'salten-brann',
    'Salten Brann',
    ['svarut', 'svarinn', 'esignering', 'elements-outlook', 'drag-n-drop', 'komtek', 'pixedit'],
    both,
  ),
  base('pensjonskassen', 'Pensjonskassen', ['elements-outlook', 'drag-n-drop'], [], {
    // The table puts "Politisk sekretariat har arkivhjelp på møtemodulen" in this row's
    // archive column; kept as a note rather than guessed into a service.
    noteKeys: ['catalogue.note.pensjonskassenEphorte', 'catalogue.note.pensjonskassenMotemodulen'],
  }),
  base('bodo-2024', 'Bodø 2024', ['svarut', 'svarinn', 'elements-outlook', 'drag-n-drop'], both, {
    planned: ['einnsyn'],
  }),
  base('bodo-spektrum', 'Bodø Spektrum', ['elements-outlook', 'drag-n-drop'], both),
  base('stormen', 'Stormen', ['elements-outlook', 'drag-n-drop'], both, { planned: ['einnsyn'] }),
  base('hmts', 'HMTS', ['elements-outlook', 'drag-n-drop'], ['arkivhjelp']),
  base('bkbs', 'BKBS', ['svarut', 'svarinn'], both),
];

/** Routine 2.1: the modules in the Bodø base, whose units report to Sikri themselves. */
const defaultModules: readonly BaseModule[] = [
  {
    id: 'ebyggesak',
    name: 'eByggesak',
    base: 'bodo',
    integrations: ['kommunekart', 'matrikkel', 'ekostra'],
    technicalSupport: 'own-sikri-support',
    noteKeys: ['catalogue.note.ebyggesakSupport'],
  },
  {
    id: 'motemodulen',
    name: 'Møtemodulen',
    base: 'bodo',
    integrations: ['jupiter'],
    technicalSupport: 'own-sikri-support',
    noteKeys: ['catalogue.note.motemodulenSupport'],
  },
];

/**
 * The KS Fiks modules reviewed each quarter (R11). The routine names the
 * "send" function explicitly; the other rights are EXAMPLES, to be confirmed
 * by systemansvarlig against what KS Fiks offers per module.
 */
const defaultReviewModules: readonly ReviewModule[] = [
  {
    id: 'svarut',
    name: 'SvarUt',
    platform: 'ks-fiks',
    rights: [
      { id: 'send', name: 'Send', sendOnly: true },
      { id: 'full', name: 'Full tilgang', sendOnly: false },
    ],
  },
  {
    id: 'svarinn',
    name: 'SvarInn',
    platform: 'ks-fiks',
    rights: [
      { id: 'motta', name: 'Motta', sendOnly: false },
      { id: 'full', name: 'Full tilgang', sendOnly: false },
    ],
  },
  {
    id: 'edialog',
    name: 'eDialog',
    platform: 'ks-fiks',
    rights: [{ id: 'full', name: 'Full tilgang', sendOnly: false }],
  },
];

/** Routine section 5: reviewed once a year (R12). */
const defaultReviewedRoles: readonly ReviewedRole[] = [
  { id: 'systemansvar', name: 'Systemansvar' },
  { id: 'ar1', name: 'AR1' },
  { id: 'ar2', name: 'AR2' },
];

/**
 * EXAMPLES, to be confirmed by systemansvarlig: the routine names no Elements
 * roles for ordinary users. These are common Elements roles; configuration
 * replaces or extends them with the municipality's real list.
 */
const defaultElementsRoles: readonly ElementsRole[] = [
  { id: 'saksbehandler', name: 'Saksbehandler' },
  { id: 'leder', name: 'Leder' },
  { id: 'leser', name: 'Leser' },
  { id: 'arkivar', name: 'Arkivar' },
  { id: 'motesekretaer', name: 'Møtesekretær' },
];

/**
 * EXAMPLES, to be confirmed by systemansvarlig: the routine names the grading
 * levels (personalsak, elevsak, barnesak) but not Elements' codes for them.
 */
const defaultAccessCodes: readonly AccessCode[] = [
  { id: 'uo', code: 'UO', name: 'Unntatt offentlighet' },
  { id: 'p', code: 'P', name: 'Personalsak', grading: 'personalsak' },
  { id: 'e', code: 'E', name: 'Elevsak', grading: 'elevsak' },
  { id: 'b', code: 'B', name: 'Barnesak', grading: 'barnesak' },
];

/**
 * The catalogue with configuration's additions. Throws a ZodError (issue
 * messages are message keys) on a duplicate id, a reference to an unknown
 * integration or base, or anything malformed: configuration is checked once,
 * at start-up.
 */
export function createCatalogue(extension: CatalogueExtension = {}): Catalogue {
  return catalogueSchema.parse({
    integrations: [...defaultIntegrations, ...(extension.integrations ?? [])],
    bases: [...defaultBases, ...(extension.bases ?? [])],
    modules: [...defaultModules, ...(extension.modules ?? [])],
    reviewModules: [...defaultReviewModules, ...(extension.reviewModules ?? [])],
    reviewedRoles: [...defaultReviewedRoles, ...(extension.reviewedRoles ?? [])],
    elementsRoles: [...defaultElementsRoles, ...(extension.elementsRoles ?? [])],
    accessCodes: [...defaultAccessCodes, ...(extension.accessCodes ?? [])],
  });
}

export const defaultCatalogue: Catalogue = createCatalogue();

function findById<T extends { readonly id: string }>(items: readonly T[], id: string): T | null {
  return items.find((item) => item.id === id) ?? null;
}

export function findBase(catalogue: Catalogue, id: string): Base | null {
  return findById(catalogue.bases, id);
}

export function mainBase(catalogue: Catalogue): Base {
  const main = catalogue.bases.find((item) => item.main);
  if (!main) throw new Error('A validated catalogue has exactly one main base');
  return main;
}

export function findReviewModule(catalogue: Catalogue, id: string): ReviewModule | null {
  return findById(catalogue.reviewModules, id);
}

export function findReviewedRole(catalogue: Catalogue, id: string): ReviewedRole | null {
  return findById(catalogue.reviewedRoles, id);
}

export function findElementsRole(catalogue: Catalogue, id: string): ElementsRole | null {
  return findById(catalogue.elementsRoles, id);
}

export function findAccessCode(catalogue: Catalogue, id: string): AccessCode | null {
  return findById(catalogue.accessCodes, id);
}

export function modulesOfBase(catalogue: Catalogue, baseId: string): readonly BaseModule[] {
  return catalogue.modules.filter((module) => module.base === baseId);
}
