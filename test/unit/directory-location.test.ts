import { resolveDirectoryLocation } from "../../src/core/directory-location";

const page = "https://sendfrom.example.org/taskpane.html";

describe("directory location", () => {
  it("defaults to directory/ on the add-in's origin", () => {
    expect(resolveDirectoryLocation({ pageUrl: page })).toEqual({
      baseUrl: "https://sendfrom.example.org/directory/",
    });
  });

  it("uses SEND_FROM_DIRECTORY_URL from the build, with a trailing slash", () => {
    expect(
      resolveDirectoryLocation({ pageUrl: page, defaultUrl: "https://cdn.example.org/dir" }).baseUrl
    ).toBe("https://cdn.example.org/dir/");
  });

  it("honours a same-origin directory query parameter", () => {
    expect(resolveDirectoryLocation({ pageUrl: `${page}?directory=/published/v1` }).baseUrl).toBe(
      "https://sendfrom.example.org/published/v1/"
    );
    expect(
      resolveDirectoryLocation({
        pageUrl: `${page}?directory=${encodeURIComponent("https://sendfrom.example.org/d/")}`,
      }).baseUrl
    ).toBe("https://sendfrom.example.org/d/");
  });

  it("honours an https origin listed at build time, including the configured URL's origin", () => {
    const url = `${page}?directory=${encodeURIComponent("https://dir.example.net/x/")}`;
    expect(
      resolveDirectoryLocation({ pageUrl: url, allowedOrigins: ["https://dir.example.net"] })
        .baseUrl
    ).toBe("https://dir.example.net/x/");
    expect(
      resolveDirectoryLocation({ pageUrl: url, defaultUrl: "https://dir.example.net/y/" }).baseUrl
    ).toBe("https://dir.example.net/x/");
  });

  it.each([
    ["another origin", "https://evil.example/dir/", "notAllowed"],
    ["plain http on a listed host", "http://dir.example.net/x/", "notAllowed"],
    ["a javascript: URL", "javascript:alert(1)", "notAllowed"],
    ["a data: URL", "data:application/json,{}", "notAllowed"],
  ])("refuses %s and falls back to the default", (_, value, reason) => {
    const got = resolveDirectoryLocation({
      pageUrl: `${page}?directory=${encodeURIComponent(value)}`,
      allowedOrigins: ["https://dir.example.net"],
    });
    expect(got).toEqual({
      baseUrl: "https://sendfrom.example.org/directory/",
      rejected: { value, reason },
    });
  });
});
