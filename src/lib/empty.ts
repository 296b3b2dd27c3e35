// Stands in for Node's `fs` in the browser bundle: the imaging codecs' Emscripten glue imports it but never uses it there.
export default {};
