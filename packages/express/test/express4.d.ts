// Express 4 is installed under the alias `express4`; @types/express describes both majors'
// middleware signatures, which is all these tests rely on.
declare module 'express4' {
  import express from 'express';
  export default express;
}
