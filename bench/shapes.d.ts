// Types of bench/shapes.js (plain JS so the bench runs without a build), for the tests.
export declare const PRELUDE: string;
export declare function kernel(k: number): string;
export declare function generate(n: number): string;
export declare function writeBytes(fd: number, bytes: number): number;
