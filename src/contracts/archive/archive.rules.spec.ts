import { detectFormat, entryPath, exceedsRatio, hardlinkStaysInside, symlinkStaysInside } from './archive.rules';

describe('archive entry paths', () => {
  it.each([
    ['src/index.ts', { path: 'src/index.ts' }],
    ['./projet/README.md', { path: 'projet/README.md' }],
    ['a//b/', { path: 'a/b' }],
    ['./', { path: '' }],
    ['../evil.sh', { reason: 'path-traversal' }],
    ['src/../../evil.sh', { reason: 'path-traversal' }],
    ['src\\..\\..\\evil.sh', { reason: 'path-traversal' }],
    ['/etc/passwd', { reason: 'absolute-path' }],
    ['\\windows\\system32', { reason: 'absolute-path' }],
    ['C:/evil', { reason: 'absolute-path' }],
    ['a\0b', { reason: 'invalid-name' }],
  ])('%j → %j', (name, expected) => {
    expect(entryPath(name)).toEqual(expected);
  });

  it.each([
    ['docs/lien', 'README.md', true],
    ['docs/lien', '../README.md', true],
    ['docs/lien', '../../etc/passwd', false],
    ['lien', '/etc/passwd', false],
    ['a/b/c', '../../x', true],
    ['a/b/c', '../../../x', false],
  ])('symlink %s → %s inside: %s', (path, target, inside) => {
    expect(symlinkStaysInside(path, target)).toBe(inside);
  });

  it.each([
    ['src/a.ts', true],
    ['../a', false],
    ['/etc/passwd', false],
  ])('hardlink → %s inside: %s', (target, inside) => {
    expect(hardlinkStaysInside(target)).toBe(inside);
  });

  it('detects the format from the first bytes', () => {
    expect(detectFormat(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('tar.gz');
    expect(detectFormat(Buffer.from('PK\x03\x04', 'latin1'))).toBe('zip');
    expect(detectFormat(Buffer.from('%PDF'))).toBeNull();
  });

  it('tells a bomb by its ratio, beyond the floor', () => {
    expect(exceedsRatio(10 * 1024 * 1024, 10 * 1024)).toBe(true);
    expect(exceedsRatio(10 * 1024 * 1024, 200 * 1024)).toBe(false);
    expect(exceedsRatio(1024 * 1024, 10)).toBe(false);
  });
});
