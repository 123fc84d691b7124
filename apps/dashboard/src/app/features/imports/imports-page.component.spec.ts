import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ImportJobView, Role } from '@ascolto/domain';

import { byTestId } from '../../../testing/dom';
import { buildUser } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { AuthService } from '../../core/auth/auth.service';
import { provideApiHttp } from '../../core/http/provide-api-http';
import { IMPORT_POLL_MS, ImportsPageComponent } from './imports-page.component';

function buildJob(overrides: Partial<ImportJobView> = {}): ImportJobView {
  return {
    id: '6f1d2a9e-0000-4000-8000-000000000001',
    sourceId: '6f1d2a9e-0000-4000-8000-0000000000aa',
    sourceName: 'Talkwalker',
    fileName: 'export.csv',
    format: 'csv',
    status: 'pending',
    error: null,
    bytesTotal: 1000,
    bytesDone: 0,
    percent: 0,
    rowsDone: 0,
    imported: 0,
    created: 0,
    updated: 0,
    rejected: 0,
    ignoredColumns: [],
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(ImportsPageComponent.name, () => {
  let fixture: ComponentFixture<ImportsPageComponent>;
  let http: HttpTestingController;

  async function open(role: Role, jobs: ImportJobView[], lang: 'it' | 'en' = 'en'): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideApiHttp(), provideHttpClientTesting(), provideTestTranslations(lang)] });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).ensureSession().subscribe();
    http.expectOne('/api/auth/me').flush(buildUser({ role }));
    fixture = TestBed.createComponent(ImportsPageComponent);
    await fixture.whenStable();
    http.expectOne('/api/imports').flush(jobs);
    await fixture.whenStable();
  }
  const text = (id: string) => byTestId(fixture, id)?.textContent?.replace(/\s+/g, ' ').trim();

  afterEach(() => http.verify());

  it('uploads the chosen file with the source name, then follows the job to the end', async () => {
    await open('admin', []);
    expect(text('imports-empty')).toBe('No imports yet.');
    const input = byTestId<HTMLInputElement>(fixture, 'import-file')!;
    const file = new File(['Date,Text\n2026-11-19,ciao\n'], 'export.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    const name = byTestId<HTMLInputElement>(fixture, 'import-source-name')!;
    name.value = 'Talkwalker';
    name.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(text('import-file-name')).toBe('export.csv');

    byTestId<HTMLButtonElement>(fixture, 'import-send')!.click();
    await fixture.whenStable();
    const post = http.expectOne('/api/imports');
    expect(post.request.method).toBe('POST');
    const body = post.request.body as FormData;
    expect(body.get('sourceName')).toBe('Talkwalker');
    expect((body.get('file') as File).name).toBe('export.csv');
    post.flush(buildJob());
    await fixture.whenStable();
    expect(text('import-current')).toContain('Waiting for the worker');

    await wait(IMPORT_POLL_MS + 50);
    http.expectOne('/api/imports').flush([buildJob({ status: 'running', percent: 40, rowsDone: 120, imported: 118, rejected: 2 })]);
    await fixture.whenStable();
    expect(byTestId(fixture, 'import-job-bar')!.getAttribute('aria-valuenow')).toBe('40');
    expect(text('import-rows')).toBe('120');

    await wait(IMPORT_POLL_MS + 50);
    http.expectOne('/api/imports').flush([buildJob({ status: 'succeeded', percent: 100, rowsDone: 300, imported: 297, rejected: 3 })]);
    await fixture.whenStable();
    expect(text('import-current')).toContain('Done');
    expect(text('import-rejected')).toBe('3');
    expect(byTestId(fixture, 'import-rejected-link')!.getAttribute('href')).toBe(`/api/imports/${buildJob().id}/rejected`);
    // Finished: no more polling.
    await wait(IMPORT_POLL_MS + 50);
    http.expectNone('/api/imports');
  });

  it('shows the API\'s reason for a refused file as text, in Italian', async () => {
    await open('admin', [], 'it');
    const input = byTestId<HTMLInputElement>(fixture, 'import-file')!;
    Object.defineProperty(input, 'files', { value: [new File(['x'], 'x.csv')] });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    byTestId<HTMLButtonElement>(fixture, 'import-send')!.click();
    await fixture.whenStable();
    http.expectOne('/api/imports').flush({ statusCode: 400, message: '<img src=x onerror=alert(1)> not a CSV' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    const error = byTestId(fixture, 'import-upload-error')!;
    expect(error.textContent).toContain('Il file non può essere importato:');
    expect(error.textContent).toContain('<img src=x onerror=alert(1)> not a CSV');
    expect(error.querySelector('img')).toBeNull();
  });

  it('lets a lead follow imports without the upload form', async () => {
    await open('lead', [buildJob({ status: 'failed', error: 'no text column', fileName: 'vecchio.csv' })]);
    expect(byTestId(fixture, 'import-form')).toBeNull();
    expect(text('import-row-file')).toBe('vecchio.csv');
    expect(text('import-row-status')).toBe('Failed');
  });
});
