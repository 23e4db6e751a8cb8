package deliver

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestDocumentedConfiguration keeps docs/delivery.md honest: its example
// block must parse into Config with every key landing in a field, and pass
// Validate.
func TestDocumentedConfiguration(t *testing.T) {
	doc, err := os.ReadFile("../../docs/delivery.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	start := strings.Index(text, "```yaml\n")
	if start < 0 {
		t.Fatal("docs/delivery.md has no yaml block")
	}
	block := text[start+len("```yaml\n"):]
	block = block[:strings.Index(block, "```")]

	var file struct {
		Delivery Config `yaml:"delivery"`
	}
	dec := yaml.NewDecoder(strings.NewReader(block))
	dec.KnownFields(true) // a documented key without a field is an error
	if err := dec.Decode(&file); err != nil {
		t.Fatalf("documented configuration: %v", err)
	}
	c := file.Delivery
	if err := c.Validate(); err != nil {
		t.Fatalf("documented configuration does not validate: %v", err)
	}
	// Spot checks against the block as written.
	if c.SMTP.Host != "smtp.city.example.jp" || c.SMTP.Port != 587 || c.SMTP.Security != "starttls" ||
		!slices.Equal(c.SMTP.Office, []string{"kikaku@city.example.jp"}) || len(c.SMTP.Council) != 2 ||
		c.SMTP.AttachLimitBytes != 7<<20 || c.PublishLink != `\\fileserver\kikaku\行財政運営プラン\報告書` {
		t.Fatalf("parsed %+v", c)
	}
}
