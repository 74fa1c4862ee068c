// The long tier (`npm run test:long`, and CI after `npm test`): the generated-program
// campaigns at full size, under test/long/. Same transform and reporters as jest.config.js.
import base from "./jest.config.js";

export default {
  ...base,
  roots: ["<rootDir>/test/long"],
  testPathIgnorePatterns: ["/node_modules/"],
};
