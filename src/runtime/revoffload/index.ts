// Reverse offload's public face for the runtime (execute.ts, host.ts, device.ts).
export type { ArgValue, RequestingKernel, RequestingWarp, RevChannel, RevRt } from "./api.js";
export type { RevOffloadConfig, RevOffloadMode } from "./engine.js";
export { DEFAULT_MAILBOX_SLOTS, DEFAULT_REV_OFFLOAD_KEEP_ALIVE, DEFAULT_REV_OFFLOAD_THREADS, REV_OFFLOAD_MODES, RevOffload } from "./engine.js";
export { PRINT_RING } from "./prints.js";
