// The examples menu, made by build.mjs from examples/*.oir and examples/c/*.c.
declare module "playground:examples" {
  const examples: { name: string; lang: "oir" | "c"; text: string }[];
  export default examples;
}
