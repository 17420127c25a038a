package transfer

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/otptray/otptray/token"
)

// migrationDescriptor is Google Authenticator's MigrationPayload schema (as
// FORMATS.md gives it) built as a protobuf descriptor, so the test can read
// our export with the protobuf library's own decoder instead of ours. The
// enums are declared as int32, which has the same wire form.
func migrationDescriptor(t *testing.T) protoreflect.MessageDescriptor {
	t.Helper()
	field := func(name string, num int32, typ descriptorpb.FieldDescriptorProto_Type, repeated bool, msg string) *descriptorpb.FieldDescriptorProto {
		label := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL
		if repeated {
			label = descriptorpb.FieldDescriptorProto_LABEL_REPEATED
		}
		f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(num), Type: typ.Enum(), Label: label.Enum(), JsonName: proto.String(name)}
		if msg != "" {
			f.TypeName = proto.String(msg)
		}
		return f
	}
	T := descriptorpb.FieldDescriptorProto_TYPE_INT32
	fd := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("migration_test.proto"),
		Package: proto.String("otptraytest"),
		Syntax:  proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{
			{Name: proto.String("MigrationPayload"), Field: []*descriptorpb.FieldDescriptorProto{
				field("otp_parameters", 1, descriptorpb.FieldDescriptorProto_TYPE_MESSAGE, true, ".otptraytest.OtpParameters"),
				field("version", 2, T, false, ""),
				field("batch_size", 3, T, false, ""),
				field("batch_index", 4, T, false, ""),
				field("batch_id", 5, T, false, ""),
			}},
			{Name: proto.String("OtpParameters"), Field: []*descriptorpb.FieldDescriptorProto{
				field("secret", 1, descriptorpb.FieldDescriptorProto_TYPE_BYTES, false, ""),
				field("name", 2, descriptorpb.FieldDescriptorProto_TYPE_STRING, false, ""),
				field("issuer", 3, descriptorpb.FieldDescriptorProto_TYPE_STRING, false, ""),
				field("algorithm", 4, T, false, ""),
				field("digits", 5, T, false, ""),
				field("type", 6, T, false, ""),
				field("counter", 7, descriptorpb.FieldDescriptorProto_TYPE_INT64, false, ""),
			}},
		},
	}
	file, err := protodesc.NewFile(fd, nil)
	if err != nil {
		t.Fatal(err)
	}
	return file.Messages().ByName("MigrationPayload")
}

// TestMigrationExportSchema reads EncodeMigration's output with the
// protobuf library and the published schema.
func TestMigrationExportSchema(t *testing.T) {
	md := migrationDescriptor(t)
	var toks []token.Token
	for i := range 13 {
		kind := token.TOTP
		if i%3 == 0 {
			kind = token.HOTP
		}
		toks = append(toks, token.Token{Issuer: "Issuer" + string(rune('A'+i)), Account: "user" + string(rune('a'+i)),
			Kind: kind, Algorithm: token.SHA1, Digits: 6, Period: 30, Counter: uint64(i * 7), Secret: []byte("secret-" + string(rune('A'+i)))})
	}
	uris, left := EncodeMigration(toks)
	if len(left) != 0 || len(uris) != 2 {
		t.Fatalf("%d codes, %d left out", len(uris), len(left))
	}
	var batchID int64
	n := 0
	for i, u := range uris {
		q, err := url.Parse(u)
		if err != nil || q.Scheme != "otpauth-migration" || q.Host != "offline" {
			t.Fatalf("URI %d: %v", i, err)
		}
		raw, err := base64.StdEncoding.DecodeString(q.Query().Get("data"))
		if err != nil {
			t.Fatalf("data is not standard padded base64: %v", err)
		}
		m := dynamicpb.NewMessage(md)
		if err := proto.Unmarshal(raw, m); err != nil {
			t.Fatal(err)
		}
		get := func(m protoreflect.Message, name string) protoreflect.Value {
			return m.Get(m.Descriptor().Fields().ByName(protoreflect.Name(name)))
		}
		if v, s, idx := get(m, "version").Int(), get(m, "batch_size").Int(), get(m, "batch_index").Int(); v != 1 || s != 2 || idx != int64(i) {
			t.Errorf("code %d: version %d, batch_size %d, batch_index %d", i, v, s, idx)
		}
		if i == 0 {
			batchID = get(m, "batch_id").Int()
		} else if id := get(m, "batch_id").Int(); id != batchID {
			t.Errorf("batch_id %d, first code %d", id, batchID)
		}
		list := get(m, "otp_parameters").List()
		if i == 0 && list.Len() != MigrationBatchMax {
			t.Errorf("first code holds %d tokens", list.Len())
		}
		for j := 0; j < list.Len(); j++ {
			p := list.Get(j).Message()
			w := toks[n]
			n++
			wantType := int64(2)
			if w.Kind == token.HOTP {
				wantType = 1
			}
			if string(get(p, "secret").Bytes()) != string(w.Secret) || get(p, "name").String() != w.Account ||
				get(p, "issuer").String() != w.Issuer || get(p, "algorithm").Int() != 1 || get(p, "digits").Int() != 1 ||
				get(p, "type").Int() != wantType || (w.Kind == token.HOTP && get(p, "counter").Int() != int64(w.Counter)) {
				t.Errorf("token %d (%s) does not match", n, w.Issuer)
			}
		}
	}
	if n != len(toks) {
		t.Errorf("%d tokens in the codes, want %d", n, len(toks))
	}
}

// TestMigrationSampleSchema: the library and our decoder agree on the
// FORMATS.md sample, including its negative batch_id.
func TestMigrationSampleSchema(t *testing.T) {
	const data = "CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK+/////8B"
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	m := dynamicpb.NewMessage(migrationDescriptor(t))
	if err := proto.Unmarshal(raw, m); err != nil {
		t.Fatal(err)
	}
	ours, err := decodeMigrationPayload(raw)
	if err != nil {
		t.Fatal(err)
	}
	id := m.Get(m.Descriptor().Fields().ByName("batch_id")).Int()
	if id >= 0 || int64(ours.BatchID) != id || ours.BatchSize != 1 || ours.Version != 1 {
		t.Errorf("batch_id library %d, ours %d; size %d version %d", id, ours.BatchID, ours.BatchSize, ours.Version)
	}
	if !strings.HasPrefix(string(ours.Params[0].Name), "pi@") {
		t.Errorf("name %q", ours.Params[0].Name)
	}
}

// TestMigrationBigCodeScans: a full code of ten tokens with long names still
// decodes from the PNG size the CLI writes.
func TestMigrationBigCodeScans(t *testing.T) {
	var toks []token.Token
	for i := range MigrationBatchMax {
		toks = append(toks, token.Token{Issuer: strings.Repeat("Long Issuer Name ", 2) + string(rune('A'+i)), Account: "someone.with.a.long.address" + string(rune('a'+i)) + "@example.com",
			Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: []byte(strings.Repeat("s", 20) + string(rune('A'+i)))})
	}
	uris, _ := EncodeMigration(toks)
	png, err := TextPNG(uris[0], 512)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Decode(png, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkTokens(t, res.Tokens, toks)
}
