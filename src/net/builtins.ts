/**
 * node:http and node:https, through require rather than import. On Node 24 (what the Action
 * runs), importing node:http as an ES module builds its ES facade by reading every export, and
 * one of them, the WebSocket getter, loads Node's own undici: about 30 ms of every start, for
 * nothing certwright uses. require() hands the module over without reading its exports.
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { requireBuiltin } from '../runtime.js';

export const http = requireBuiltin<typeof Http>('node:http');
export const https = requireBuiltin<typeof Https>('node:https');
