import { type AbstractControl, FormControl, FormGroup, type ValidationErrors, type ValidatorFn, Validators } from '@angular/forms';
import type {
  CreateSourceRequest,
  SourceCredentialField,
  SourceSettingField,
  SourceSettingValue,
  SourceTypeDescriptor,
  SourceView,
  UpdateSourceRequest,
} from '@ascolto/domain';

/** Same bound as the API's source name. */
export const SOURCE_NAME_MAX = 200;

/** A setting's control holds text for every kind but boolean (numbers and lists are parsed when sent). */
export type SettingControl = FormControl<string> | FormControl<boolean>;

/**
 * What happens to a stored credential on save: kept as it is, replaced by what was typed, or
 * removed (the API removes a key sent as ""). A credential that is not stored yet is always "replace".
 */
export type CredentialAction = 'keep' | 'replace' | 'clear';

export interface SourceFormControls {
  name: FormControl<string>;
  url: FormControl<string>;
  schedule: FormControl<string>;
  topicId: FormControl<string | null>;
  budgetLimit: FormControl<string>;
  settings: FormGroup<Record<string, SettingControl>>;
  credentials: FormGroup<Record<string, FormControl<string>>>;
}

export type SourceForm = FormGroup<SourceFormControls>;

/** Like Validators.required, but spaces alone are no value either (the API trims them away). */
export function notBlank(control: AbstractControl<string>): ValidationErrors | null {
  return (control.value ?? '').trim() === '' ? { required: true } : null;
}

/** An http(s) address or nothing; the API's outbound guard decides the rest (private addresses...). */
export function httpUrl(control: AbstractControl<string>): ValidationErrors | null {
  const value = (control.value ?? '').trim();
  if (value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : { url: true };
  } catch {
    return { url: true };
  }
}

/** A whole number of at least 0, or nothing. */
export function wholeNumber(control: AbstractControl<string>): ValidationErrors | null {
  const value = (control.value ?? '').trim();
  return value === '' || /^\d+$/.test(value) ? null : { number: true };
}

/** Any finite number, or nothing. */
export function finiteNumber(control: AbstractControl<string>): ValidationErrors | null {
  const value = (control.value ?? '').trim();
  return value === '' || Number.isFinite(Number(value)) ? null : { number: true };
}

/**
 * The shape of a node-cron expression (5 fields, or 6 with seconds first). Only the shape: the
 * API checks the values and answers 400 with its reason, which the form shows.
 */
export function cronShape(control: AbstractControl<string>): ValidationErrors | null {
  const fields = (control.value ?? '').trim().split(/\s+/);
  const ok = (fields.length === 5 || fields.length === 6) && fields.every((field) => /^[\w*,/?#LW-]+$/.test(field));
  return ok ? null : { cron: true };
}

function settingText(field: SourceSettingField, value: SourceSettingValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join('\n');
  return String(value);
}

/** The placeholder a field shows: its default, as the API fills it in when the field is left empty. */
export function settingPlaceholder(field: SourceSettingField): string {
  if (field.default === undefined || typeof field.default === 'boolean') return '';
  return Array.isArray(field.default) ? field.default.join(', ') : String(field.default);
}

function settingControl(field: SourceSettingField, value: SourceSettingValue | undefined): SettingControl {
  if (field.kind === 'boolean') {
    const initial = typeof value === 'boolean' ? value : field.default === true;
    return new FormControl(initial, { nonNullable: true });
  }
  const validators: ValidatorFn[] = [];
  if (field.required) validators.push(notBlank);
  if (field.kind === 'number') validators.push(finiteNumber);
  if (field.kind === 'select' && field.required && value === undefined && typeof field.default === 'string') {
    return new FormControl(field.default, { nonNullable: true, validators });
  }
  return new FormControl(settingText(field, value), { nonNullable: true, validators });
}

function credentialControl(field: SourceCredentialField, stored: boolean): FormControl<string> {
  // A stored credential is kept unless the admin chooses to replace it; only then must it be typed.
  const validators = field.required && !stored ? [notBlank] : [];
  return new FormControl('', { nonNullable: true, validators });
}

/** The form for a source of this type: one control per setting and credential of its descriptor. */
export function buildSourceForm(descriptor: SourceTypeDescriptor, source: SourceView | null): SourceForm {
  const settings: Record<string, SettingControl> = {};
  for (const field of descriptor.settings) settings[field.key] = settingControl(field, source?.settings[field.key]);
  const credentials: Record<string, FormControl<string>> = {};
  for (const field of descriptor.credentials) credentials[field.key] = credentialControl(field, source?.credentialKeys.includes(field.key) ?? false);
  return new FormGroup<SourceFormControls>({
    name: new FormControl(source?.name ?? '', { nonNullable: true, validators: [notBlank, Validators.maxLength(SOURCE_NAME_MAX)] }),
    url: new FormControl(source?.url ?? '', { nonNullable: true, validators: descriptor.defaultUrl === null ? [notBlank, httpUrl] : [httpUrl] }),
    schedule: new FormControl(source?.schedule ?? descriptor.defaultSchedule, { nonNullable: true, validators: descriptor.polled ? [cronShape] : [] }),
    topicId: new FormControl<string | null>(source?.topicId ?? null),
    budgetLimit: new FormControl(source?.budgetLimit === null || source?.budgetLimit === undefined ? '' : String(source.budgetLimit), {
      nonNullable: true,
      validators: [wholeNumber],
    }),
    settings: new FormGroup(settings),
    credentials: new FormGroup(credentials),
  });
}

/** A setting as the API wants it, or undefined when left empty (the API then uses the default). */
export function settingValue(field: SourceSettingField, raw: string | boolean): SourceSettingValue | undefined {
  if (field.kind === 'boolean') return raw === true;
  const text = String(raw).trim();
  if (text === '') return undefined;
  switch (field.kind) {
    case 'number':
      return Number(text);
    case 'list': {
      // One item per line (commas may belong inside an item, e.g. a search phrase).
      const items = text
        .split(/\r?\n/)
        .map((item) => item.trim())
        .filter(Boolean);
      return items.length > 0 ? items : undefined;
    }
    default:
      return text;
  }
}

/** The form's values as a create request (also the body of an unsaved connection test). */
export function toCreateRequest(
  descriptor: SourceTypeDescriptor,
  form: SourceForm,
  credentialActions: Readonly<Record<string, CredentialAction>> = {},
): CreateSourceRequest {
  const value = form.getRawValue();
  const settings: Record<string, SourceSettingValue> = {};
  for (const field of descriptor.settings) {
    const converted = settingValue(field, value.settings[field.key] ?? '');
    if (converted !== undefined) settings[field.key] = converted;
  }
  const credentials: Record<string, string> = {};
  for (const field of descriptor.credentials) {
    const action = credentialActions[field.key] ?? 'replace';
    if (action === 'clear') credentials[field.key] = '';
    // Credentials are secrets: sent exactly as typed, never trimmed.
    else if (action === 'replace' && (value.credentials[field.key] ?? '') !== '') credentials[field.key] = value.credentials[field.key];
  }
  const url = value.url.trim();
  const budget = value.budgetLimit.trim();
  const request: CreateSourceRequest = { type: descriptor.type, name: value.name.trim(), topicId: value.topicId };
  if (url !== '') request.url = url;
  if (descriptor.polled) request.schedule = value.schedule.trim();
  if (descriptor.settings.length > 0) request.settings = settings;
  if (Object.keys(credentials).length > 0) request.credentials = credentials;
  if (descriptor.budget) request.budgetLimit = budget === '' ? null : Number(budget);
  return request;
}

/** Settings as the API stores them: absent keys take the type's default (checkSourceSettings does the same). */
function withDefaults(descriptor: SourceTypeDescriptor, settings: Record<string, SourceSettingValue>): Record<string, SourceSettingValue> {
  const filled: Record<string, SourceSettingValue> = {};
  for (const field of descriptor.settings) {
    const value = settings[field.key] ?? field.default;
    if (value !== undefined) filled[field.key] = value;
  }
  return filled;
}

function sameSettings(descriptor: SourceTypeDescriptor, a: Record<string, SourceSettingValue>, b: Record<string, SourceSettingValue>): boolean {
  const left = withDefaults(descriptor, a);
  const right = withDefaults(descriptor, b);
  return descriptor.settings.every((field) => JSON.stringify(left[field.key]) === JSON.stringify(right[field.key]));
}

/**
 * What an edit changes: only these fields are sent, so a pause pressed elsewhere (or by someone
 * else) is not undone by saving an unrelated change.
 */
export function toUpdateRequest(descriptor: SourceTypeDescriptor, source: SourceView, request: CreateSourceRequest): UpdateSourceRequest {
  const changes: UpdateSourceRequest = {};
  if (request.name !== source.name) changes.name = request.name;
  if (request.url !== undefined && request.url !== source.url) changes.url = request.url;
  if (request.schedule !== undefined && request.schedule !== source.schedule) changes.schedule = request.schedule;
  if ((request.topicId ?? null) !== source.topicId) changes.topicId = request.topicId ?? null;
  if (request.settings && !sameSettings(descriptor, request.settings, source.settings)) changes.settings = request.settings;
  if (request.credentials) changes.credentials = request.credentials;
  if (request.budgetLimit !== undefined && request.budgetLimit !== source.budgetLimit) changes.budgetLimit = request.budgetLimit;
  return changes;
}

/** A schedule in words: a translation key and its parameters (the expression itself when unusual). */
export interface ScheduleHint {
  key: string;
  params: Record<string, string | number>;
}

const NUMBER = /^\d+$/;
const STEP = /^\*\/(\d+)$/;

/** "every minute" rather than "every 1 minutes". */
function every(one: string, many: string, n: number): ScheduleHint {
  return n === 1 ? { key: one, params: {} } : { key: many, params: { n } };
}

/** Reads the common node-cron shapes as words; anything else is shown as "custom schedule". */
export function describeSchedule(expression: string): ScheduleHint | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return null;
  if (fields.length === 6) {
    const [seconds, ...rest] = fields;
    const restAny = rest.every((field) => field === '*');
    const secondStep = STEP.exec(seconds);
    if (secondStep && restAny) return every('sources.schedule.everySecond', 'sources.schedule.everySeconds', Number(secondStep[1]));
    if (seconds === '*' && restAny) return every('sources.schedule.everySecond', 'sources.schedule.everySeconds', 1);
    if (!NUMBER.test(seconds)) return { key: 'sources.schedule.custom', params: { expression } };
    fields.shift();
  }
  const [minute, hour, dom, month, dow] = fields;
  const daily = dom === '*' && month === '*' && dow === '*';
  if (!daily) return { key: 'sources.schedule.custom', params: { expression } };
  if (minute === '*' && hour === '*') return every('sources.schedule.everyMinute', 'sources.schedule.everyMinutes', 1);
  const minuteStep = STEP.exec(minute);
  if (minuteStep && hour === '*') return every('sources.schedule.everyMinute', 'sources.schedule.everyMinutes', Number(minuteStep[1]));
  if (NUMBER.test(minute) && hour === '*') return { key: 'sources.schedule.hourlyAt', params: { minute: Number(minute) } };
  const hourStep = STEP.exec(hour);
  if (NUMBER.test(minute) && hourStep) return { key: 'sources.schedule.everyHours', params: { n: Number(hourStep[1]), minute: Number(minute) } };
  if (NUMBER.test(minute) && NUMBER.test(hour)) {
    return { key: 'sources.schedule.dailyAt', params: { time: `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}` } };
  }
  return { key: 'sources.schedule.custom', params: { expression } };
}
