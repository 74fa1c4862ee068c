// Functions: recursion, pointer parameters, static locals, forward declarations, void functions.
#include <stdio.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
long fact(int n);
void swap(int *a, int *b) {
  int t = *a;
  *a = *b;
  *b = t;
}
int counter(void) {
  static int calls = 0;
  return ++calls;
}
long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
int gcd(int a, int b) {
  while (b) {
    int t = a % b;
    a = b;
    b = t;
  }
  return a;
}

int main(void) {
  printf("fib(15) = %d, 12! = %ld\n", fib(15), fact(12));
  int x = 3, y = 9;
  swap(&x, &y);
  printf("%d %d\n", x, y);
  counter();
  counter();
  printf("calls %d\n", counter());
  printf("gcd %d\n", gcd(1071, 462));
  return 0;
}
