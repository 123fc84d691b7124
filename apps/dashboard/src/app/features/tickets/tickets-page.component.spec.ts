import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { provideRouter } from '@angular/router';

import { allByTestId } from '../../../testing/dom';
import { buildTicket } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { TicketsPageComponent } from './tickets-page.component';

describe(TicketsPageComponent.name, () => {
  let fixture: ComponentFixture<TicketsPageComponent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestTranslations('en')],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TicketsPageComponent);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('lists tickets with number, subject, status and mention count', async () => {
    const request = http.expectOne((r) => r.url === '/api/tickets');
    expect(request.request.params.get('limit')).toBe('25');
    expect(request.request.params.get('offset')).toBe('0');
    expect(request.request.params.has('status')).toBe(false);
    request.flush({
      items: [
        buildTicket({ id: 't-1', number: 7, subject: '<b>Fattura</b> sbagliata', mentionIds: ['a', 'b'] }),
        buildTicket({ id: 't-2', number: 8, subject: 'Consegna', status: 'pending' }),
      ],
      total: 2,
    });
    await fixture.whenStable();

    const rows = allByTestId(fixture, 'ticket-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('[data-testid="ticket-number"]')?.textContent?.trim()).toBe('#7');
    expect(rows[0].querySelector('[data-testid="ticket-subject"]')?.textContent).toBe('<b>Fattura</b> sbagliata');
    expect(rows[0].querySelector('b')).toBeNull();
    expect(rows[0].textContent).toContain('Open');
    expect(rows[0].querySelector('td:last-child')?.textContent?.trim()).toBe('2');
    expect(rows[1].textContent).toContain('Pending');
  });

  it('asks for the next page with limit and offset', async () => {
    http.expectOne((r) => r.url === '/api/tickets').flush({ items: [buildTicket()], total: 60 });
    await fixture.whenStable();

    const paginator = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatPaginatorHarness);
    await paginator.goToNextPage();

    const request = http.expectOne((r) => r.url === '/api/tickets');
    expect(request.request.params.get('offset')).toBe('25');
    expect(request.request.params.get('limit')).toBe('25');
    request.flush({ items: [], total: 60 });
  });
});
