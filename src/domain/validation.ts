import type { z } from 'zod';
import { findAccessCode, findBase, findElementsRole, type Catalogue } from './catalogue.ts';
import type { DomainConfig } from './config.ts';
import type { DirectoryLookup } from './directory-facts.ts';
import { isDomainMessageKey, type MessageParams, type Reason } from './messages.ts';
import { accessRequestSchema, type AccessRequest } from './requests.ts';
import { checkR10ExternalConsultant } from './rules.ts';

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reasons: readonly Reason[] };

function paramsOf(issue: z.core.$ZodIssue): MessageParams | undefined {
  switch (issue.code) {
    case 'too_small':
      return { min: Number(issue.minimum) };
    case 'too_big':
      return { max: Number(issue.maximum) };
    case 'custom': {
      const params: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(issue.params ?? {})) {
        if (typeof value === 'string' || typeof value === 'number') params[name] = value;
      }
      return Object.keys(params).length > 0 ? params : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Zod issues as reasons, one per field (the first: a field that is empty says
 * so, not also that it is too short). The schemas' messages are message keys;
 * anything else becomes `validation.invalid`.
 */
export function reasonsFromZodError(error: z.ZodError): Reason[] {
  const seen = new Set<string>();
  const reasons: Reason[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    const params = paramsOf(issue);
    reasons.push({
      key: isDomainMessageKey(issue.message) ? issue.message : 'validation.invalid',
      ...(params ? { params } : {}),
      ...(field ? { field } : {}),
    });
  }
  return reasons;
}

export interface ValidationContext {
  readonly catalogue: Catalogue;
  readonly config: DomainConfig;
  readonly facts: DirectoryLookup;
}

/**
 * Checks a request a form is about to submit: its structure, that its base,
 * roles and access codes are in the catalogue, and for an external consultant
 * R10. Who may submit it (R1, R4) is `checkR1CanOrder` and the fold's concern.
 */
export function validateAccessRequest(
  input: unknown,
  context: ValidationContext,
): Validated<AccessRequest> {
  const parsed = accessRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reasons: reasonsFromZodError(parsed.error) };
  const request = parsed.data;
  const { catalogue } = context;
  const reasons: Reason[] = [];
  if (!findBase(catalogue, request.base)) {
    reasons.push({ key: 'catalogue.unknownBase', params: { id: request.base }, field: 'base' });
  }
  if ('roles' in request) {
    request.roles.forEach((id, index) => {
      if (!findElementsRole(catalogue, id)) {
        reasons.push({ key: 'catalogue.unknownRole', params: { id }, field: `roles.${index}` });
      }
    });
    request.accessCodes.forEach((id, index) => {
      if (!findAccessCode(catalogue, id)) {
        reasons.push({
          key: 'catalogue.unknownAccessCode',
          params: { id },
          field: `accessCodes.${index}`,
        });
      }
    });
  }
  if (request.kind === 'order.external-consultant') {
    reasons.push(...checkR10ExternalConsultant(request, context.config, context.facts));
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, value: request };
}
