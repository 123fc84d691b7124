import type { Category } from '@ascolto/domain';
import { planGroupRepair, type GroupRepairMember } from './group-repair-plan';

const HEAD = 'head-1';

function member(id: string, minute: number, category: Category, simhash: string | null, extra: Partial<GroupRepairMember> = {}): GroupRepairMember {
  return {
    id,
    publishedAt: Date.UTC(2026, 10, 20, 9, minute),
    simhash,
    own: { category, flushReason: category === 'flush' ? 'spam' : null, explanation: { label: category, confidence: 0.8, reasons: [`rule for ${category}`] }, priority: 40 + minute },
    categoryCorrected: false,
    ...extra,
  };
}

// Sketches 0, 3 and 20 bits away from A.
const A = '00000000000000ff';
const NEAR = '00000000000000f8';
const FAR = '00000000fffff0ff';

describe('planGroupRepair (a group whose head is no longer a service issue)', () => {
  it('makes the earliest service member the new head, with its own labels, its own priority and why it left', () => {
    const plan = planGroupRepair(HEAD, [member('m2', 2, 'service', NEAR), member('m1', 1, 'service', A)], 12);
    expect(plan.get('m1')).toEqual({
      duplicateOf: null,
      category: 'service',
      flushReason: null,
      priority: 41,
      explanations: {
        category: {
          label: 'service',
          confidence: 0.8,
          reasons: ['left the near-duplicate group of head-1: its first mention is no longer a service issue', 'rule for service'],
        },
      },
    });
  });

  it('moves the other service members within the distance under the new head, still flushed as duplicates', () => {
    const plan = planGroupRepair(HEAD, [member('m1', 1, 'service', A), member('m2', 2, 'service', NEAR)], 12);
    expect(plan.get('m2')).toEqual({
      duplicateOf: 'm1',
      explanations: { category: { label: 'flush', confidence: 1, reasons: ['near duplicate of m1 (distance 3)', 'own label: service'] } },
    });
  });

  it('lets a service member too far from the new head, or without a comparable sketch, stand alone', () => {
    const plan = planGroupRepair(HEAD, [member('m1', 1, 'service', A), member('m2', 2, 'service', FAR), member('m3', 3, 'service', null)], 12);
    expect(plan.get('m2')).toMatchObject({ duplicateOf: null, category: 'service', priority: 42 });
    expect(plan.get('m3')).toMatchObject({ duplicateOf: null, category: 'service', priority: 43 });
    // With a larger distance the far one joins.
    expect(planGroupRepair(HEAD, [member('m1', 1, 'service', A), member('m2', 2, 'service', FAR)], 20).get('m2')).toMatchObject({ duplicateOf: 'm1' });
  });

  it('groups two short texts (no sketch: they matched the head by their exact text) together', () => {
    const plan = planGroupRepair(HEAD, [member('m1', 1, 'service', null), member('m2', 2, 'service', null)], 12);
    expect(plan.get('m2')).toMatchObject({ duplicateOf: 'm1', explanations: { category: { reasons: ['near duplicate of m1 (distance 0)', 'own label: service'] } } });
  });

  it('leaves members that are not service with the old head, and those whose category a person corrected', () => {
    const plan = planGroupRepair(HEAD, [
      member('m0', 0, 'service', A, { categoryCorrected: true }),
      member('m1', 1, 'marketing', A),
      member('m2', 2, 'flush', A),
      member('m3', 3, 'service', A),
    ], 12);
    expect([...plan.keys()]).toEqual(['m3']);
    expect(plan.get('m3')).toMatchObject({ duplicateOf: null });
  });

  it('plans nothing for a group without service members', () => {
    expect(planGroupRepair(HEAD, [member('m1', 1, 'marketing', A), member('m2', 2, 'flush', NEAR)], 12).size).toBe(0);
    expect(planGroupRepair(HEAD, [], 12).size).toBe(0);
  });

  it('orders by publication, then id, with an unreadable date last', () => {
    const plan = planGroupRepair(HEAD, [member('b', 1, 'service', A), member('a', 1, 'service', A), member('c', 0, 'service', A, { publishedAt: Number.NaN })], 12);
    expect(plan.get('a')).toMatchObject({ duplicateOf: null });
    expect(plan.get('b')).toMatchObject({ duplicateOf: 'a' });
    expect(plan.get('c')).toMatchObject({ duplicateOf: 'a' });
  });
});
