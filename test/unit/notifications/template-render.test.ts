import { describe, expect, it } from '@jest/globals';
import { TemplateError } from '../../../src/notifications/template-lexer.js';
import { compileTemplate } from '../../../src/notifications/template-render.js';

const rollout = {
  metadata: { name: 'shop', labels: { app: 'shop' } },
  spec: {
    replicas: 6,
    strategy: { canary: { steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }] } },
    template: { spec: { containers: [{ name: 'web', image: 'shop:2' }, { name: 'proxy', image: 'envoy:1' }] } },
  },
  status: { currentStepIndex: 1, updatedReplicas: 2 },
};
const render = (text: string, data: Record<string, unknown> = { rollout }): string => compileTemplate(text)(data);

describe('Go text/template subset', () => {
  it.each([
    ['field access', 'Rollout {{.rollout.metadata.name}} has been completed.', 'Rollout shop has been completed.'],
    ['spaces inside the action', '{{ .rollout.metadata.name }}', 'shop'],
    ['add and len (sprig and builtin)', 'step {{ add .rollout.status.currentStepIndex 1}}/{{len .rollout.spec.strategy.canary.steps}}', 'step 2/3'],
    ['if without else', '{{if .rollout.spec.strategy.blueGreen}}BlueGreen{{end}}{{if .rollout.spec.strategy.canary}}Canary{{end}}', 'Canary'],
    ['if / else if / else', '{{if eq .rollout.spec.replicas 1}}one{{else if gt .rollout.spec.replicas 5}}many{{else}}few{{end}}', 'many'],
    ['range with index and value', '{{range $i, $c := .rollout.spec.template.spec.containers}}{{if $i}},{{end}}{{$c.name}}={{$c.image}}{{end}}', 'web=shop:2,proxy=envoy:1'],
    ['range with dot', '{{range .rollout.spec.template.spec.containers}}[{{.name}}]{{end}}', '[web][proxy]'],
    ['range over a map in key order', '{{range $k, $v := .m}}{{$k}}:{{$v}} {{end}}', 'a:1 b:2 '],
    ['range else on empty', '{{range .rollout.none}}x{{else}}empty{{end}}', 'empty'],
    ['with', '{{with .rollout.metadata}}{{.name}}{{end}}', 'shop'],
    ['missing key', '{{.rollout.metadata.nothing}}', '<no value>'],
    ['pipeline', '{{.rollout.metadata.name | upper}}', 'SHOP'],
    ['parenthesized argument', '{{add (len .rollout.spec.template.spec.containers) 10}}', '12'],
    ['variable assignment prints nothing', '{{$n := .rollout.metadata.name}}[{{$n}}]', '[shop]'],
    ['root variable inside range', '{{range .rollout.spec.template.spec.containers}}{{$.rollout.metadata.name}}/{{.name}} {{end}}', 'shop/web shop/proxy '],
    ['trim markers', 'a  {{- .rollout.metadata.name -}}  b', 'ashopb'],
    ['comment', 'x{{/* a comment */}}y', 'xy'],
    ['string literal with braces', '{{ "}}" }}', '}}'],
    ['printf', '{{printf "%s has %d replicas" .rollout.metadata.name .rollout.spec.replicas}}', 'shop has 6 replicas'],
    ['toJson', '{{toJson .rollout.metadata.labels}}', '{"app":"shop"}'],
    ['not of zero index', '{{range $i, $c := .rollout.spec.template.spec.containers}}{{if not $i}}first{{end}}{{end}}', 'first'],
    ['recipient', 'to {{.recipient}}', 'to ops'],
    ['add treats a missing value as 0 (sprig)', '{{add .rollout.status.missing 1}}', '1'],
    ['add truncates floats and parses text (sprig)', '{{add 1.7 "2"}}', '3'],
  ])('%s', (_name, text, expected) => {
    expect(render(text, { rollout, m: { b: 2, a: 1 }, recipient: 'ops' })).toBe(expected);
  });

  it("renders Argo's catalog slack attachment for step completed as valid JSON", () => {
    const attachments = `[{
  "title": "{{ .rollout.metadata.name}}",
  "fields": [
  {
    "title": "Strategy",
    "value": "{{if .rollout.spec.strategy.blueGreen}}BlueGreen{{end}}{{if .rollout.spec.strategy.canary}}Canary{{end}}",
    "short": true
  },
  {
    "title": "Step completed",
    "value": "{{add .rollout.status.currentStepIndex 1}}/{{len .rollout.spec.strategy.canary.steps}}",
    "short": true
  }
  {{range $index, $c := .rollout.spec.template.spec.containers}}
    {{if not $index}},{{end}}
    {{if $index}},{{end}}
    {
      "title": "{{$c.name}}",
      "value": "{{$c.image}}",
      "short": true
    }
  {{end}}
  ]
}]`;
    const parsed = JSON.parse(render(attachments)) as Array<{ title: string; fields: Array<{ title: string; value: string }> }>;
    expect(parsed[0].title).toBe('shop');
    expect(parsed[0].fields.map((f) => `${f.title}=${f.value}`)).toEqual(['Strategy=Canary', 'Step completed=2/3', 'web=shop:2', 'proxy=envoy:1']);
  });

  it.each([
    ['unclosed action', '{{.a'],
    ['missing end', '{{if .a}}x'],
    ['stray end', 'x{{end}}'],
    ['unknown function', '{{nosuch .a}}'],
    ['undefined variable', '{{$x}}'],
  ])('refuses %s', (_name, text) => {
    expect(() => render(text)).toThrow(TemplateError);
  });
});
