// expect-error: 3:10: 'missing' is not declared
int main(void) {
  return missing + 1;
}
