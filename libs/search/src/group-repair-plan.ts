import { hammingDistance, type Category, type FlushReason, type LabelExplanation } from '@ascolto/domain';

// Near-duplicate groups after a re-analysis. The grouper lets a `service` mention join only a head
// that is itself `service`, so that a real complaint is never flushed under a post the care team
// does not see in its queue. Re-analysing with a new pipeline version can break that after the
// fact: a head's category can change from service to something else, or a member's own label can
// become service under a head that is not. `planGroupRepair` (pure) decides what such a group
// becomes; the re-analyser finds the groups and writes the plan.

/** A member of a group whose head is not a service issue, as the repair reads it. */
export interface GroupRepairMember {
  id: string;
  /** Publication time in ms (NaN sorts last). */
  publishedAt: number;
  simhash: string | null;
  /**
   * The member's own labels as the pipeline gives them today (not the group's flush), and the
   * priority it has with them outside the group (a person's corrections of its other labels kept).
   */
  own: { category: Category; flushReason: FlushReason | null; explanation: LabelExplanation; priority: number };
  /** A person corrected its category: that decision stands, the member is left as it is. */
  categoryCorrected: boolean;
}

/** The partial update of one member: leaves the group, or joins the group's new service head. */
export interface GroupRepairPatch {
  duplicateOf: string | null;
  category?: Category;
  flushReason?: FlushReason | null;
  /** A member leaving the group takes its own place in the queue back. */
  priority?: number;
  explanations: { category: LabelExplanation };
}

const MAX_REASONS = 4;

/**
 * What becomes of the service members of a group whose head (`headId`) is no longer `service`:
 * the earliest of them (publication, then id) leaves the group with its own labels and becomes the
 * head of a new group; every other service member whose sketch is within `maxDistance` of it joins
 * that new group (still flushed as a duplicate, so the inbox shows the new head with "+N similar");
 * a service member too far from it, or without a comparable sketch, leaves the group and stands
 * alone. Members that are not service stay with the old head (the rule only protects service
 * mentions), as do members whose category a person corrected. Returns the updates by member id;
 * empty when the group has no service member.
 */
export function planGroupRepair(headId: string, members: readonly GroupRepairMember[], maxDistance: number): Map<string, GroupRepairPatch> {
  const service = members
    .filter((m) => !m.categoryCorrected && m.own.category === 'service')
    .sort((a, b) => order(a.publishedAt) - order(b.publishedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const patches = new Map<string, GroupRepairPatch>();
  if (service.length === 0) return patches;
  const [newHead, ...rest] = service;
  const leave = (m: GroupRepairMember): GroupRepairPatch => ({
    duplicateOf: null,
    category: m.own.category,
    flushReason: m.own.flushReason,
    priority: m.own.priority,
    explanations: {
      category: {
        ...m.own.explanation,
        reasons: [`left the near-duplicate group of ${headId}: its first mention is no longer a service issue`, ...m.own.explanation.reasons].slice(0, MAX_REASONS),
      },
    },
  });
  patches.set(newHead.id, leave(newHead));
  for (const m of rest) {
    const distance = sketchDistance(m.simhash, newHead.simhash);
    if (distance === null || distance > maxDistance) {
      patches.set(m.id, leave(m));
      continue;
    }
    patches.set(m.id, {
      duplicateOf: newHead.id,
      explanations: { category: { label: 'flush', confidence: 1, reasons: [`near duplicate of ${newHead.id} (distance ${distance})`, 'own label: service'] } },
    });
  }
  return patches;
}

function order(publishedAt: number): number {
  return Number.isNaN(publishedAt) ? Number.POSITIVE_INFINITY : publishedAt;
}

/**
 * Sketch distance, as the grouper compares: two texts too short for a sketch matched the same head
 * by their exact normalised text, so they are the same text (0); a sketch against no sketch has no
 * distance.
 */
function sketchDistance(a: string | null, b: string | null): number | null {
  if (a === null && b === null) return 0;
  return hammingDistance(a, b);
}
