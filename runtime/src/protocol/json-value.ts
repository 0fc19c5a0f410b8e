/** Plain data: what TLI messages, capabilities and every cross-source message may hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
