import type { Schemas } from './api';

/** The API's answers, as its OpenAPI document states them (generated into ./api-schema.ts). */
export type Task = Schemas['Task'];
export type Agency = Schemas['Agency'];
export type Actor = Schemas['Actor'];
/** One entry of a task's history (updates, notices sent, extension requests and decisions). */
export type HistoryItem = Schemas['HistoryItem'];
export type Leader = Schemas['Leader'];
export type Indicator = Schemas['Indicator'];
export type Directory = Schemas['Directory'];
