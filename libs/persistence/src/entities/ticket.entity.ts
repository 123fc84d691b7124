import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TicketStatus } from '@ascolto/domain';

@Entity({ name: 'tickets' })
export class TicketEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Human-friendly number (#42), from a sequence. */
  @Index('IDX_tickets_number', { unique: true })
  @Column({ type: 'integer' })
  @Generated('increment')
  number!: number;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text', default: 'open' })
  status!: TicketStatus;

  @Column({ type: 'integer', default: 50 })
  priority!: number;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
