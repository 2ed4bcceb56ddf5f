// The command list of the core, generated with the types from src/api/commands.rs.
import type { Commands } from './api-types';

export type { Commands };
export type CommandName = keyof Commands;
export type Req<K extends CommandName> = Commands[K][0];
export type Res<K extends CommandName> = Commands[K][1];
