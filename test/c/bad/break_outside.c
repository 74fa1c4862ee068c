// expect-error: 3:3: 'break' outside a loop or switch
int main(void) {
  break;
  return 0;
}
