import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a budgeted source (YouTube quota units, X dollars) spent in one period (`2026-11-22` or `2026-11`). */
@Entity({ name: 'source_budgets' })
export class SourceBudgetEntity {
  @PrimaryColumn({ name: 'source_id', type: 'uuid' })
  sourceId!: string;

  @PrimaryColumn({ type: 'text' })
  period!: string;

  @Column({ type: 'double precision', default: 0 })
  used!: number;
}
