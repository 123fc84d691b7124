import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Which mentions a ticket was made from. A mention belongs to at most one ticket. */
@Entity({ name: 'ticket_mentions' })
export class TicketMentionEntity {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Index('IDX_ticket_mentions_mention', { unique: true })
  @PrimaryColumn({ name: 'mention_id', type: 'text' })
  mentionId!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
