/* Stand-in for Windows' bcryptprimitives.dll, for the wine checks only (never shipped): Debian 12's
 * wine 8.0 lacks this DLL, whose ProcessPrng the Rust standard library calls for random numbers on
 * Windows 10 and later, where it always exists. Here ProcessPrng draws from RtlGenRandom. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
