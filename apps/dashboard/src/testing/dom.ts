import type { ComponentFixture } from '@angular/core/testing';

export function byTestId<T extends Element = HTMLElement>(fixture: ComponentFixture<unknown>, id: string): T | null {
  return (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${id}"]`);
}

export function allByTestId<T extends Element = HTMLElement>(fixture: ComponentFixture<unknown>, id: string): T[] {
  return Array.from((fixture.nativeElement as HTMLElement).querySelectorAll<T>(`[data-testid="${id}"]`));
}

export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

/** Lets pending promises and timers run, e.g. a router navigation reaching its guards. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
