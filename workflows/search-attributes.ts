import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The custom search attributes that make generations findable in the Web UI and the CLI. */
export const SEARCH_ATTRIBUTES = {
  OpadArticleId: defineSearchAttributeKey('OpadArticleId', SearchAttributeType.KEYWORD),
  OpadOwner: defineSearchAttributeKey('OpadOwner', SearchAttributeType.KEYWORD),
  OpadLanguage: defineSearchAttributeKey('OpadLanguage', SearchAttributeType.KEYWORD),
  OpadLevel: defineSearchAttributeKey('OpadLevel', SearchAttributeType.KEYWORD),
  OpadStage: defineSearchAttributeKey('OpadStage', SearchAttributeType.KEYWORD),
  /** Set while a stage waits out an outage: llm, news, storage or database. */
  OpadWaitingOn: defineSearchAttributeKey('OpadWaitingOn', SearchAttributeType.KEYWORD),
} as const;
