/*
 * A stand-in for bcryptprimitives.dll, for running Go programs under Wine.
 *
 * Go 1.24 and later take their random numbers from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 and 11 have and Wine 8 lacks: without
 * it a Go program stops at start-up. This DLL exports ProcessPrng and fills
 * the buffer with RtlGenRandom (advapi32!SystemFunction036), which Wine has.
 * It is for testing under Wine only and is never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* ProcessPrng fills data with cbData random bytes. Like the real one it
 * always returns TRUE: callers cannot recover from a failing random source,
 * so a failure ends the process instead of returning weak bytes. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T cbData)
{
	while (cbData > 0) {
		ULONG n = cbData > 0x10000000 ? 0x10000000 : (ULONG)cbData;
		if (!SystemFunction036(data, n)) {
			ExitProcess(0xC0000001); /* STATUS_UNSUCCESSFUL */
		}
		data += n;
		cbData -= n;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	(void)instance;
	(void)reason;
	(void)reserved;
	return TRUE;
}
