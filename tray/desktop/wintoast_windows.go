package desktop

import (
	"fmt"
	"runtime"
	"syscall"
	"unsafe"

	"github.com/go-ole/go-ole"
	"golang.org/x/sys/windows"
)

// showToast shows p as a toast of the app appID through the Windows
// Runtime (Windows.UI.Notifications), with its tag and group, so that it
// takes the place of our toast with the same ones. go-toast, under beeep,
// shows toasts the same way but sets neither (not yet reported upstream),
// hence these few calls of our own.
func showToast(p ToastPayload, appID string) error {
	// COM wants its calls on a thread that joined an apartment: this one,
	// in the process's multithreaded apartment (S_FALSE: joined already).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := ole.RoInitialize(1); err != nil && !isSFalse(err) {
		return fmt.Errorf("RoInitialize: %w", err)
	}

	doc, err := ole.RoActivateInstance("Windows.Data.Xml.Dom.XmlDocument")
	if err != nil {
		return fmt.Errorf("XmlDocument: %w", err)
	}
	defer release(unsafe.Pointer(doc))
	docIO, err := queryInterface(unsafe.Pointer(doc), iidXmlDocumentIO)
	if err != nil {
		return fmt.Errorf("IXmlDocumentIO: %w", err)
	}
	defer release(docIO)
	if err := withHString(p.XML, func(h uintptr) error { return call(docIO, 6, h) }); err != nil { // LoadXml
		return fmt.Errorf("LoadXml: %w", err)
	}
	xmlDoc, err := queryInterface(unsafe.Pointer(doc), iidXmlDocument)
	if err != nil {
		return fmt.Errorf("IXmlDocument: %w", err)
	}
	defer release(xmlDoc)

	factory, err := ole.RoGetActivationFactory("Windows.UI.Notifications.ToastNotification", iidToastNotificationFactory)
	if err != nil {
		return fmt.Errorf("ToastNotification factory: %w", err)
	}
	defer release(unsafe.Pointer(factory))
	var toast unsafe.Pointer
	if err := call(unsafe.Pointer(factory), 6, uintptr(xmlDoc), uintptr(unsafe.Pointer(&toast))); err != nil { // CreateToastNotification
		return fmt.Errorf("CreateToastNotification: %w", err)
	}
	defer release(toast)
	toast2, err := queryInterface(toast, iidToastNotification2)
	if err != nil {
		return fmt.Errorf("IToastNotification2: %w", err)
	}
	defer release(toast2)
	if err := withHString(p.Tag, func(h uintptr) error { return call(toast2, 6, h) }); err != nil { // put_Tag
		return fmt.Errorf("put_Tag: %w", err)
	}
	if err := withHString(p.Group, func(h uintptr) error { return call(toast2, 8, h) }); err != nil { // put_Group
		return fmt.Errorf("put_Group: %w", err)
	}

	manager, err := ole.RoGetActivationFactory("Windows.UI.Notifications.ToastNotificationManager", iidToastNotificationManagerStatics)
	if err != nil {
		return fmt.Errorf("ToastNotificationManager: %w", err)
	}
	defer release(unsafe.Pointer(manager))
	var notifier unsafe.Pointer
	err = withHString(appID, func(h uintptr) error {
		return call(unsafe.Pointer(manager), 7, h, uintptr(unsafe.Pointer(&notifier))) // CreateToastNotifierWithId
	})
	if err != nil {
		return fmt.Errorf("CreateToastNotifierWithId: %w", err)
	}
	defer release(notifier)
	if err := call(notifier, 6, uintptr(toast)); err != nil { // Show
		return fmt.Errorf("Show: %w", err)
	}
	return nil
}

// removeToasts takes the toasts of group of the app appID out of the Action
// Center: a Copy button there does nothing once the tray that gave it has
// quit.
func removeToasts(group, appID string) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := ole.RoInitialize(1); err != nil && !isSFalse(err) {
		return fmt.Errorf("RoInitialize: %w", err)
	}
	manager, err := ole.RoGetActivationFactory("Windows.UI.Notifications.ToastNotificationManager", iidToastNotificationManagerStatics2)
	if err != nil {
		return fmt.Errorf("ToastNotificationManager: %w", err)
	}
	defer release(unsafe.Pointer(manager))
	var history unsafe.Pointer
	if err := call(unsafe.Pointer(manager), 6, uintptr(unsafe.Pointer(&history))); err != nil { // get_History
		return fmt.Errorf("get_History: %w", err)
	}
	defer release(history)
	return withHString(group, func(g uintptr) error {
		return withHString(appID, func(a uintptr) error {
			return call(history, 7, g, a) // RemoveGroupWithId
		})
	})
}

// The interfaces used, from the Windows SDK's windows.ui.notifications.h
// and windows.data.xml.dom.h; the method numbers in showToast count from
// IInspectable's six.
var (
	iidXmlDocumentIO                    = ole.NewGUID("{6cd0e74e-ee65-4489-9ebf-ca43e87ba637}")
	iidXmlDocument                      = ole.NewGUID("{f7f3a506-1e87-42d6-bcfb-b8c809fa5494}")
	iidToastNotificationFactory         = ole.NewGUID("{04124b20-82c6-4229-b109-fd9ed4662b53}")
	iidToastNotification2               = ole.NewGUID("{9dfb9fd1-143a-490e-90bf-b9fba7132de7}")
	iidToastNotificationManagerStatics  = ole.NewGUID("{50ac103f-d235-4598-bbef-98fe4d1a3ad4}")
	iidToastNotificationManagerStatics2 = ole.NewGUID("{7ab93c52-0e48-4750-ba9d-1a4113981847}")
)

// call calls method number slot of the COM object obj.
func call(obj unsafe.Pointer, slot int, args ...uintptr) error {
	vtbl := *(*unsafe.Pointer)(obj)
	fn := *(*uintptr)(unsafe.Add(vtbl, slot*int(unsafe.Sizeof(uintptr(0)))))
	hr, _, _ := syscall.SyscallN(fn, append([]uintptr{uintptr(obj)}, args...)...)
	if int32(hr) < 0 {
		return ole.NewError(hr)
	}
	return nil
}

func queryInterface(obj unsafe.Pointer, iid *ole.GUID) (unsafe.Pointer, error) {
	var out unsafe.Pointer
	err := call(obj, 0, uintptr(unsafe.Pointer(iid)), uintptr(unsafe.Pointer(&out)))
	return out, err
}

func release(obj unsafe.Pointer) { call(obj, 2) }

func isSFalse(err error) bool {
	e, ok := err.(*ole.OleError)
	return ok && e.Code() == 1
}

var (
	combase           = windows.NewLazySystemDLL("combase.dll")
	procCreateHString = combase.NewProc("WindowsCreateString")
	procDeleteHString = combase.NewProc("WindowsDeleteString")
)

// withHString passes s to f as an HSTRING. go-ole's NewHString gives
// Windows the length in runes instead of UTF-16 units, which cuts a text
// with characters beyond the BMP, such as an emoji in a token's name (not
// yet reported upstream).
func withHString(s string, f func(h uintptr) error) error {
	u, err := windows.UTF16FromString(s)
	if err != nil {
		return err
	}
	var h uintptr
	hr, _, _ := procCreateHString.Call(uintptr(unsafe.Pointer(&u[0])), uintptr(len(u)-1), uintptr(unsafe.Pointer(&h)))
	if int32(hr) < 0 {
		return ole.NewError(hr)
	}
	defer procDeleteHString.Call(h)
	return f(h)
}
